using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.Feedback;

internal static class FeedbackCaseSets
{
    // The context's DbSet list belongs to the lead's merge; the set is reached through here meanwhile.
    public static DbSet<FeedbackCase> FeedbackCases(this AppDbContext db) => db.Set<FeedbackCase>();

    public static Task<FeedbackSettings> FeedbackSettingsAsync(this AppDbContext db, CancellationToken ct) => RatingSettings.LoadAsync(db, ct);

    /// <summary>A grade on its own scale counts as a complaint when it is at or below the threshold set for the configured scale.</summary>
    public static bool IsComplaint(FeedbackSettings settings, int grade, int scale)
    {
        var threshold = scale == settings.Scale ? settings.ComplaintAtOrBelow : (int)Math.Floor(settings.ComplaintAtOrBelow * (double)scale / settings.Scale);
        return grade <= threshold;
    }
}

/// <summary>
/// Opens a feedback case for a low rating or review, in the same save that records it: assigned to the team lead (or the
/// service's department head), due N working days later on the default calendar, with the company's CSMs notified.
/// </summary>
public sealed class ComplaintLoop(TimeProvider clock, CalendarBook calendars) : IRatingListener, IReviewListener
{
    public async Task OnRatingAsync(AppDbContext db, Rating rating, bool isNew, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rating);
        var settings = await db.FeedbackSettingsAsync(ct);
        var low = FeedbackCaseSets.IsComplaint(settings, rating.Grade, rating.Scale);
        // Looked up by key past the query filter: the rater's click may run with a narrow scope, and must never duplicate.
        var existing = db.FeedbackCases().Local.FirstOrDefault(c => c.RatingId == rating.Id)
            ?? await db.FeedbackCases().IgnoreQueryFilters().FirstOrDefaultAsync(c => c.RatingId == rating.Id, ct);
        var now = clock.GetUtcNow();
        if (existing is not null)
        {
            if (existing.Grade != rating.Grade)
            {
                var note = $"{now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: {existing.Grade} → {rating.Grade}" + (low ? "" : " (above the complaint threshold; the case stays open)");
                existing.Notes = string.IsNullOrEmpty(existing.Notes) ? note : existing.Notes + "\n" + note;
                existing.Grade = rating.Grade;
            }

            existing.ClientComment = rating.Comment ?? existing.ClientComment;
            return;
        }

        if (!low)
        {
            return;
        }

        var teamId = rating.TeamId ?? await db.Users.IgnoreQueryFilters().Where(u => u.Id == rating.EmployeeId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        var owner = await TeamLeadAsync(db, teamId, ct);
        await OpenAsync(db, new FeedbackCase
        {
            Number = "",
            CompanyId = rating.CompanyId,
            RatingId = rating.Id,
            ClientId = rating.RaterId,
            EmployeeId = rating.EmployeeId,
            TeamId = teamId,
            ServiceId = rating.ServiceId,
            TicketId = rating.TicketId,
            Grade = rating.Grade,
            Scale = rating.Scale,
            ClientComment = rating.Comment,
            OwnerId = owner,
        }, ct);
    }

    public async Task OnReviewAsync(AppDbContext db, Review review, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(review);
        var settings = await db.FeedbackSettingsAsync(ct);
        if (!FeedbackCaseSets.IsComplaint(settings, review.Grade, 5))
        {
            return;
        }

        var c = new FeedbackCase
        {
            Number = "",
            CompanyId = review.CompanyId,
            ReviewId = review.Id,
            ClientId = review.AuthorId,
            Grade = review.Grade,
            Scale = 5,
            ClientComment = Infrastructure.TextLimit.Truncate(review.Title + "\n" + review.Body, 8500),
        };
        switch (review.Target)
        {
            case ReviewTarget.Employee:
                c.EmployeeId = review.TargetId;
                c.TeamId = await db.Users.IgnoreQueryFilters().Where(u => u.Id == review.TargetId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
                c.OwnerId = await TeamLeadAsync(db, c.TeamId, ct);
                break;
            case ReviewTarget.Team:
                c.TeamId = review.TargetId;
                c.OwnerId = await TeamLeadAsync(db, c.TeamId, ct);
                break;
            case ReviewTarget.Service:
                c.ServiceId = review.TargetId;
                c.OwnerId = await db.Services.Where(s => s.Id == review.TargetId).Select(s => s.Department!.HeadId).FirstOrDefaultAsync(ct);
                break;
        }

        await OpenAsync(db, c, ct);
    }

    private static Task<Guid?> TeamLeadAsync(AppDbContext db, Guid? teamId, CancellationToken ct) =>
        teamId is { } id ? db.Teams.Where(t => t.Id == id).Select(t => t.LeadId).FirstOrDefaultAsync(ct) : Task.FromResult<Guid?>(null);

    private async Task OpenAsync(AppDbContext db, FeedbackCase c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        c.Number = "FB-" + c.Id.ToString("N")[^8..].ToUpperInvariant();
        c.Status = FeedbackCaseStatus.Open;
        c.OpenedAt = now;
        var calendarId = await CalendarBook.DefaultIdAsync(db, ct);
        var calendar = calendarId is { } id ? await calendars.GetAsync(db, id, ct) : OneWindow.Core.ServiceLevels.BusinessCalendar.TwentyFourSeven(TimeZones.Fallback);
        var settings = await db.FeedbackSettingsAsync(ct);
        c.DueAt = FeedbackMath.DueAt(calendar, now, settings.CaseDueWorkingDays);
        db.FeedbackCases().Add(c);

        // The company's client success managers hear of it, and so does the owner.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var people = await db.ClientAssignments.IgnoreQueryFilters()
            .Where(a => a.CompanyId == c.CompanyId && a.Role == AssignmentRole.ClientSuccessManager && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => a.UserId).ToListAsync(ct);
        if (c.OwnerId is { } owner)
        {
            people.Add(owner);
        }

        var subject = await SubjectAsync(db, c, ct);
        foreach (var userId in people.Distinct())
        {
            db.Notifications.Add(new Notification
            {
                UserId = userId,
                CompanyId = c.CompanyId,
                Link = $"/feedback/cases/{c.Id}",
                TicketNumber = c.Number,
                Subject = Infrastructure.TextLimit.Truncate(subject, 300),
                Kind = Tickets.TicketEventKind.FeedbackCase,
                ActorName = Infrastructure.TextLimit.Truncate(subject, 200),
                CreatedAt = now,
            });
        }
    }

    /// <summary>What the case is about: the employee, team or service graded.</summary>
    internal static async Task<string> SubjectAsync(AppDbContext db, FeedbackCase c, CancellationToken ct)
    {
        if (c.EmployeeId is { } e)
        {
            return await db.Users.IgnoreQueryFilters().Where(u => u.Id == e).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "";
        }

        if (c.TeamId is { } t)
        {
            return await db.Teams.Where(x => x.Id == t).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "";
        }

        return c.ServiceId is { } serviceId ? await db.Services.Where(x => x.Id == serviceId).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "" : "";
    }
}

public enum CaseOutcome
{
    Done,
    NotFound,
    Invalid,
    Conflict,
}

public sealed record CaseResult(CaseOutcome Outcome, string? Field = null, string? Message = null)
{
    public static CaseResult Ok { get; } = new(CaseOutcome.Done);
}

public sealed record CaseWorkInput(DateTimeOffset? ContactedAt, FeedbackContactChannel? ContactChannel, string? ContactNotes, FeedbackRootCause? RootCause, string? Actions);

/// <summary>The work on a case: contact, root cause, actions, the "what we did" message, the client's answer, closing.</summary>
public sealed class FeedbackCaseDesk(AppDbContext db, TimeProvider clock, Data.Tenancy.CurrentActor actor, Mailer mailer)
{
    public async Task<CaseResult> RecordWorkAsync(FeedbackCase c, CaseWorkInput input, CancellationToken ct)
    {
        if (c.Status == FeedbackCaseStatus.Closed)
        {
            return new CaseResult(CaseOutcome.Conflict, Message: "The case is closed.");
        }

        if (input.ContactedAt is { } at && at > clock.GetUtcNow().AddMinutes(5))
        {
            return new CaseResult(CaseOutcome.Invalid, "contactedAt", "The contact cannot be in the future.");
        }

        c.ContactedAt = input.ContactedAt;
        c.ContactChannel = input.ContactChannel;
        c.ContactNotes = Clean(input.ContactNotes);
        c.RootCause = input.RootCause;
        c.Actions = Clean(input.Actions);
        await db.SaveChangesAsync(ct);
        return CaseResult.Ok;
    }

    /// <summary>Emails the client what was done (through the outbox, in their language) and waits for their answer.</summary>
    public async Task<CaseResult> SendWhatWeDidAsync(FeedbackCase c, string? message, string baseUrl, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return new CaseResult(CaseOutcome.Invalid, "message", "Write what was done.");
        }

        if (message.Length > 4000)
        {
            return new CaseResult(CaseOutcome.Invalid, "message", "At most 4000 characters.");
        }

        if (c.Status == FeedbackCaseStatus.Closed)
        {
            return new CaseResult(CaseOutcome.Conflict, Message: "The case is closed.");
        }

        if (c.Direction == FeedbackCaseDirection.ClaimToBusiness)
        {
            // A claim was stated to the business when it was recorded; the business answers it, the SSC closes it.
            return new CaseResult(CaseOutcome.Conflict, Message: "A claim to the business is answered by the business: record the work or close it.");
        }

        var now = clock.GetUtcNow();
        var whatWeDid = message.Trim();
        c.WhatWeDid = whatWeDid;
        c.WhatWeDidSentAt = now;
        c.Status = FeedbackCaseStatus.AwaitingClient;
        var client = await db.Users.IgnoreQueryFilters().Where(u => u.Id == c.ClientId).Select(u => new { u.Email, u.FullName, u.Culture, u.IsActive }).FirstAsync(ct);
        if (client is { IsActive: true, Email: { Length: > 0 } email })
        {
            // Mail renders its "what we did" template in the client's language (an administrator's edit wins) and queues it in this save.
            var model = new WhatWeDidModel(c.Number, client.FullName,
                Employee: c.EmployeeId is { } employeeId ? await db.Users.IgnoreQueryFilters().Where(u => u.Id == employeeId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "" : "",
                Team: c.TeamId is { } teamId ? await db.Teams.Where(x => x.Id == teamId).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "" : "",
                Service: c.ServiceId is { } serviceId ? await db.Services.Where(x => x.Id == serviceId).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "" : "",
                Message: whatWeDid,
                Link: $"{baseUrl.TrimEnd('/')}/feedback/cases/{c.Id}");
            await mailer.QueueAsync(MailTemplateKeys.WhatWeDid, client.Culture, model, [new MailRecipient(email, client.FullName)], new MailThreading(c.TicketId), ct);
        }

        await db.SaveChangesAsync(ct);
        return CaseResult.Ok;
    }

    /// <summary>The client's answer: satisfied closes the case, not satisfied sends it back to work.</summary>
    public async Task<CaseResult> ClientAnswerAsync(FeedbackCase c, bool satisfied, string? comment, CancellationToken ct)
    {
        if (c.Direction == FeedbackCaseDirection.ClaimToBusiness)
        {
            return await BusinessAnswerAsync(c, satisfied, comment, ct);
        }

        if (c.ClientId != actor.UserId)
        {
            return new CaseResult(CaseOutcome.NotFound);
        }

        if (c.Status != FeedbackCaseStatus.AwaitingClient)
        {
            return new CaseResult(CaseOutcome.Conflict, Message: "The case is not waiting for your answer.");
        }

        if (comment is { Length: > 4000 })
        {
            return new CaseResult(CaseOutcome.Invalid, "comment", "At most 4000 characters.");
        }

        var now = clock.GetUtcNow();
        c.ClientSatisfied = satisfied;
        c.ClientAnswer = Clean(comment);
        c.ClientAnsweredAt = now;
        if (satisfied)
        {
            c.Status = FeedbackCaseStatus.Closed;
            c.ClosedAt = now;
        }
        else
        {
            c.Status = FeedbackCaseStatus.Open;
            c.Reopened++;
        }

        await db.SaveChangesAsync(ct);
        return CaseResult.Ok;
    }

    /// <summary>Whether the actor answers for the business on this claim: an executive of the claim's company.</summary>
    public static bool AnswersForBusiness(CurrentActor actor, FeedbackCase c) =>
        c.Direction == FeedbackCaseDirection.ClaimToBusiness && actor.IsClient && actor.CompanyId == c.CompanyId
        && actor.Principal.IsInRole(Roles.ClientExecutive);

    /// <summary>
    /// An executive's answer to a claim: whether the business accepts it, and in words what it will do (or why not). The case
    /// goes back to the SSC, which closes it; a second answer replaces the first while it is open.
    /// </summary>
    private async Task<CaseResult> BusinessAnswerAsync(FeedbackCase c, bool accepted, string? comment, CancellationToken ct)
    {
        if (!AnswersForBusiness(actor, c))
        {
            return new CaseResult(CaseOutcome.NotFound);
        }

        if (c.Status == FeedbackCaseStatus.Closed)
        {
            return new CaseResult(CaseOutcome.Conflict, Message: "The claim is closed.");
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return new CaseResult(CaseOutcome.Invalid, "comment", "Write the business's answer to the claim.");
        }

        if (comment.Length > 4000)
        {
            return new CaseResult(CaseOutcome.Invalid, "comment", "At most 4000 characters.");
        }

        c.ClientSatisfied = accepted;
        c.ClientAnswer = comment.Trim();
        c.ClientAnsweredAt = clock.GetUtcNow();
        // Whoever of the executives answered is the one the SSC comes back to.
        c.ClientId = actor.UserId ?? c.ClientId;
        c.Status = FeedbackCaseStatus.Open;
        await db.SaveChangesAsync(ct);
        return CaseResult.Ok;
    }

    /// <summary>Closing by the SSC, e.g. when the client never answers.</summary>
    public async Task<CaseResult> CloseAsync(FeedbackCase c, CancellationToken ct)
    {
        if (c.Status == FeedbackCaseStatus.Closed)
        {
            return new CaseResult(CaseOutcome.Conflict, Message: "The case is already closed.");
        }

        if (c.WhatWeDidSentAt is null && c.Direction == FeedbackCaseDirection.ClientComplaint)
        {
            // The loop ends with the client told what was done, never silently.
            return new CaseResult(CaseOutcome.Invalid, "whatWeDid", "Send the client what was done before closing the case.");
        }

        c.Status = FeedbackCaseStatus.Closed;
        c.ClosedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return CaseResult.Ok;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
