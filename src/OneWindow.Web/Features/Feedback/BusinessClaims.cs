using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Notifications;

namespace OneWindow.Web.Features.Feedback;

/// <summary>What SSC staff give to record a claim to a client's business.</summary>
public sealed record ClaimInput(ClaimCategory? Category, Guid? CompanyId, string? Description, Guid? TicketId = null, Guid? MetricId = null,
    Guid? AddresseeId = null, Guid? OwnerId = null);

/// <summary>
/// Claims to the business: the SSC records what the client's side got wrong (late or incomplete documents, wrong data) and
/// the case runs the complaint loop the other way round — addressed to the company's executives, who answer it; the SSC
/// works it and closes it. Page and endpoint call the same <see cref="CreateAsync"/>.
/// </summary>
public sealed class BusinessClaimDesk(AppDbContext db, TimeProvider clock, CalendarBook calendars, CurrentActor actor)
{
    public const int DescriptionMaxLength = 4000;

    /// <summary>The active executives of a company, by name: who a claim may be addressed to.</summary>
    public static IQueryable<People.AppUser> Executives(AppDbContext db, Guid companyId) => db.Users.IgnoreQueryFilters()
        .Where(u => u.CompanyId == companyId && u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)))
        .OrderBy(u => u.FullName);

    public async Task<(CaseResult Result, Guid? Id)> CreateAsync(ClaimInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (actor.IsClient)
        {
            return (new CaseResult(CaseOutcome.NotFound), null);
        }

        var errors = new Dictionary<string, string>();
        if (input.Category is not { } category || !Enum.IsDefined(category))
        {
            errors["category"] = "Choose what the claim is about.";
        }

        if (string.IsNullOrWhiteSpace(input.Description))
        {
            errors["description"] = "Describe the claim.";
        }
        else if (input.Description.Length > DescriptionMaxLength)
        {
            errors["description"] = $"At most {DescriptionMaxLength} characters.";
        }

        // The company must be one the actor's scope shows (the query filter); another's reads as not there.
        Guid? companyId = input.CompanyId is { } wanted && await db.Companies.AnyAsync(c => c.Id == wanted, ct) ? wanted : null;
        if (companyId is null)
        {
            errors["companyId"] = "Choose a client company.";
        }

        Guid? serviceId = null;
        if (companyId is { } company)
        {
            if (input.TicketId is { } ticketId)
            {
                var ticket = await db.Tickets.Where(t => t.Id == ticketId && t.CompanyId == company).Select(t => new { t.ServiceId }).FirstOrDefaultAsync(ct);
                if (ticket is null)
                {
                    errors["ticketId"] = "No request of this company with this id.";
                }

                serviceId = ticket?.ServiceId;
            }

            if (input.MetricId is { } metricId)
            {
                var metric = await db.AgreementMetrics.Where(m => m.Id == metricId && m.CompanyId == company)
                    .Select(m => new { m.AgreementVersion!.Agreement!.ServiceId }).FirstOrDefaultAsync(ct);
                if (metric is null)
                {
                    errors["metricId"] = "No agreement metric of this company with this id.";
                }

                serviceId ??= metric?.ServiceId;
            }

            var executives = Executives(db, company);
            var addressee = input.AddresseeId is { } a
                ? await executives.Where(u => u.Id == a).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct)
                : await executives.Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (addressee is null)
            {
                errors[input.AddresseeId is null ? "companyId" : "addresseeId"] = input.AddresseeId is null
                    ? "The company has no active executive to answer the claim."
                    : "The addressee must be an active executive of the company.";
            }

            if (input.OwnerId is { } owner && await Api.SscStaffProblemAsync(db, owner, ct) is { } ownerProblem)
            {
                errors["ownerId"] = ownerProblem;
            }

            if (errors.Count == 0)
            {
                return (CaseResult.Ok, await OpenAsync(input, company, serviceId, addressee!.Value, ct));
            }
        }

        var first = errors.First();
        return (new CaseResult(CaseOutcome.Invalid, first.Key, first.Value), null);
    }

    private async Task<Guid> OpenAsync(ClaimInput input, Guid companyId, Guid? serviceId, Guid addressee, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var calendarId = await CalendarBook.DefaultIdAsync(db, ct);
        var calendar = calendarId is { } id ? await calendars.GetAsync(db, id, ct) : OneWindow.Core.ServiceLevels.BusinessCalendar.TwentyFourSeven(TimeZones.Fallback);
        var settings = await db.FeedbackSettingsAsync(ct);
        var c = new FeedbackCase
        {
            Number = "",
            Direction = FeedbackCaseDirection.ClaimToBusiness,
            Category = input.Category,
            Description = input.Description!.Trim(),
            CompanyId = companyId,
            ServiceId = serviceId,
            TicketId = input.TicketId,
            MetricId = input.MetricId,
            ClientId = addressee,
            OwnerId = input.OwnerId ?? actor.UserId,
            RaisedById = actor.UserId,
            // The claim goes to the business as it is recorded: the case waits for their answer from the start.
            Status = FeedbackCaseStatus.AwaitingClient,
            OpenedAt = now,
            DueAt = FeedbackMath.DueAt(calendar, now, settings.CaseDueWorkingDays),
        };
        c.Number = "CL-" + c.Id.ToString("N")[^8..].ToUpperInvariant();
        db.FeedbackCases().Add(c);

        // Every executive of the company hears of it (any of them may answer), and so does the owner.
        var people = await Executives(db, companyId).Select(u => u.Id).ToListAsync(ct);
        if (c.OwnerId is { } owner && owner != actor.UserId)
        {
            people.Add(owner);
        }

        var subject = Infrastructure.TextLimit.Truncate(c.Description, 300);
        var raisedBy = await db.Users.IgnoreQueryFilters().Where(u => u.Id == actor.UserId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "";
        foreach (var userId in people.Distinct())
        {
            db.Notifications.Add(new Notification
            {
                UserId = userId,
                CompanyId = companyId,
                Link = $"/feedback/cases/{c.Id}",
                TicketNumber = c.Number,
                Subject = subject,
                Kind = Tickets.TicketEventKind.FeedbackCase,
                ActorName = Infrastructure.TextLimit.Truncate(raisedBy, 200),
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        return c.Id;
    }
}

/// <summary>
/// Open claims to the business, counted per company for the client 360 card and the committee pack. Counts what the
/// caller's context may see (its query filter); the numbers match the case list filtered by direction.
/// </summary>
[FeatureSeam]
public static class BusinessClaimCounts
{
    public static async Task<int> OpenAsync(AppDbContext db, Guid companyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<FeedbackCase>().AsNoTracking()
            .CountAsync(c => c.CompanyId == companyId && c.Direction == FeedbackCaseDirection.ClaimToBusiness && c.Status != FeedbackCaseStatus.Closed, ct);
    }

    /// <summary>Open claims per company, for every company with at least one.</summary>
    public static async Task<Dictionary<Guid, int>> OpenByCompanyAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<FeedbackCase>().AsNoTracking()
            .Where(c => c.Direction == FeedbackCaseDirection.ClaimToBusiness && c.Status != FeedbackCaseStatus.Closed)
            .GroupBy(c => c.CompanyId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
