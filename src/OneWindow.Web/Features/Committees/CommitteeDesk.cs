using OneWindow.Core.Committees;
using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Committees;

/// <summary>A committee as the SSC writes it: whom it covers (the scope and its company, holding or service), its level and meeting pattern.</summary>
public sealed record CommitteeInput(
    [property: Required, MaxLength(200)] string? Name,
    [property: Required] CommitteeScope? Scope,
    Guid? CompanyId,
    Guid? HoldingId,
    Guid? ServiceId,
    CommitteeLevel? Level,
    [property: Required] CommitteeCadence? Cadence,
    [property: Required] DateOnly? FirstDate,
    TimeOnly? MeetingTime = null,
    int? MeetingMinutes = null,
    [property: MaxLength(64)] string? TimeZoneId = null,
    [property: MaxLength(300)] string? Place = null,
    [property: MaxLength(1000)] string? OnlineLink = null,
    bool? IsActive = null);

/// <summary>A person joining a committee with a role (the side follows from the person: SSC people have no company).</summary>
public sealed record MemberInput([property: Required] Guid? PersonId, CommitteeRole? Role = null);

/// <summary>
/// The committees' one write path (API and pages): the SSC's managers create and change committees, keep their members
/// and cadence, and answer the system's cadence proposals. Covered companies are computed from the scope into
/// <see cref="CommitteeCompany"/> rows, which is what tenancy reads. What a manager may reach is the tenancy scope's
/// answer: a company, holding or service out of it is not found.
/// </summary>
public sealed class CommitteeDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>The SSC roles that run committees.</summary>
    public static readonly IReadOnlyList<string> ManagerRoles = [Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead];

    public const string NotManager = "Only the SSC's managers run committees.";

    public static bool CanManage(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false } && ManagerRoles.Any(actor.Principal.IsInRole);

    /// <summary>The earliest and latest first date accepted: keeps date arithmetic far from the calendar's ends.</summary>
    public static readonly DateOnly MinDate = new(2000, 1, 1);
    public static readonly DateOnly MaxDate = new(2100, 12, 31);

    public async Task<DeskResult> CreateAsync(CommitteeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        var (errors, companies, zone) = await CheckAsync(input, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var committee = new Committee { Name = "", TimeZoneId = zone! };
        Apply(committee, input, zone!);
        committee.Companies = [.. companies.Select(c => new CommitteeCompany { CommitteeId = committee.Id, CompanyId = c })];
        db.Set<Committee>().Add(committee);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(committee.Id);
    }

    public async Task<DeskResult> ChangeAsync(Guid id, CommitteeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (await db.Set<Committee>().Include(c => c.Companies).FirstOrDefaultAsync(c => c.Id == id, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        var (errors, companies, zone) = await CheckAsync(input, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        Apply(committee, input, zone!);
        // The covered companies follow the scope: rows that left go, new ones come (keys are the pair, so no churn).
        committee.Companies.RemoveAll(c => !companies.Contains(c.CompanyId));
        foreach (var company in companies.Where(c => committee.Companies.All(x => x.CompanyId != c)))
        {
            committee.Companies.Add(new CommitteeCompany { CommitteeId = committee.Id, CompanyId = company });
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(committee.Id);
    }

    public async Task<DeskResult> SetCadenceAsync(Guid id, CommitteeCadence? cadence, CancellationToken ct)
    {
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (cadence is not { } value || !Enum.IsDefined(value))
        {
            return DeskResult.Field("cadence", "Choose a cadence.");
        }

        if (await db.Set<Committee>().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        committee.Cadence = value;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(committee.Id);
    }

    public async Task<DeskResult> AddMemberAsync(Guid id, MemberInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (await db.Set<Committee>().Include(c => c.Companies).Include(c => c.Members).FirstOrDefaultAsync(c => c.Id == id, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        if (input.Role is { } role && !Enum.IsDefined(role))
        {
            return DeskResult.Field("role", "Choose a role.");
        }

        if (input.PersonId is not { } personId || await db.Users.FirstOrDefaultAsync(u => u.Id == personId && u.IsActive, ct) is not { } person)
        {
            return DeskResult.Field("personId", "No such person.");
        }

        // A client person sits on a committee that covers their company; the SSC's people on any.
        if (person.CompanyId is { } company && committee.Companies.All(c => c.CompanyId != company))
        {
            return DeskResult.Field("personId", "The person's company is not covered by the committee.");
        }

        if (committee.Members.Any(m => m.PersonId == personId))
        {
            return DeskResult.Field("personId", "The person is already a member.");
        }

        var member = new CommitteeMember
        {
            CommitteeId = committee.Id, PersonId = personId, Role = input.Role ?? CommitteeRole.Member,
            Side = person.CompanyId is null ? CommitteeSide.Ssc : CommitteeSide.Client,
        };
        db.Set<CommitteeMember>().Add(member);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(member.Id);
    }

    public async Task<DeskResult> RemoveMemberAsync(Guid id, Guid? personId, CancellationToken ct)
    {
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (!await db.Set<Committee>().AnyAsync(c => c.Id == id, ct))
        {
            return DeskResult.Missing;
        }

        if (personId is null || await db.Set<CommitteeMember>().FirstOrDefaultAsync(m => m.CommitteeId == id && m.PersonId == personId, ct) is not { } member)
        {
            return DeskResult.Field("personId", "The person is not a member.");
        }

        db.Set<CommitteeMember>().Remove(member);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(id);
    }

    /// <summary>Accepts the system's proposal: the committee takes the proposed cadence.</summary>
    public Task<DeskResult> AcceptProposalAsync(Guid proposalId, CancellationToken ct) => DecideAsync(proposalId, true, ct);

    public Task<DeskResult> RejectProposalAsync(Guid proposalId, CancellationToken ct) => DecideAsync(proposalId, false, ct);

    private async Task<DeskResult> DecideAsync(Guid proposalId, bool accept, CancellationToken ct)
    {
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (await db.Set<CadenceProposal>().FirstOrDefaultAsync(p => p.Id == proposalId, ct) is not { } proposal
            || await db.Set<Committee>().FirstOrDefaultAsync(c => c.Id == proposal.CommitteeId, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        if (proposal.Status != CadenceProposalStatus.Proposed)
        {
            return DeskResult.Clash("The proposal is already answered.");
        }

        proposal.Status = accept ? CadenceProposalStatus.Accepted : CadenceProposalStatus.Rejected;
        (proposal.DecidedById, proposal.DecidedAt) = (actor.UserId, clock.GetUtcNow());
        if (accept)
        {
            committee.Cadence = proposal.To;
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(proposal.Id);
    }

    private static void Apply(Committee committee, CommitteeInput input, string zone)
    {
        committee.Name = input.Name!.Trim();
        committee.Scope = input.Scope!.Value;
        (committee.CompanyId, committee.HoldingId, committee.ServiceId) = committee.Scope switch
        {
            CommitteeScope.Company => (input.CompanyId, null, null),
            CommitteeScope.Holding => ((Guid?)null, input.HoldingId, (Guid?)null),
            _ => (null, null, input.ServiceId),
        };
        committee.Level = input.Level ?? CommitteeLevel.Operational;
        committee.Cadence = input.Cadence!.Value;
        committee.FirstDate = input.FirstDate!.Value;
        committee.MeetingTime = input.MeetingTime ?? new TimeOnly(11, 0);
        committee.MeetingMinutes = input.MeetingMinutes ?? 60;
        committee.TimeZoneId = zone;
        committee.Place = Blank(input.Place);
        committee.OnlineLink = Blank(input.OnlineLink);
        committee.IsActive = input.IsActive ?? true;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Field errors, the covered companies (visible to the caller) and the committee's zone.</summary>
    private async Task<(Dictionary<string, string[]> Errors, List<Guid> Companies, string? Zone)> CheckAsync(CommitteeInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            Add("name", "The name is required.");
        }
        else if (input.Name.Trim().Length > 200)
        {
            Add("name", "At most 200 characters.");
        }

        if (input.Cadence is not { } cadence || !Enum.IsDefined(cadence))
        {
            Add("cadence", "Choose a cadence.");
        }

        if (input.Level is { } level && !Enum.IsDefined(level))
        {
            Add("level", "Choose a level.");
        }

        if (input.FirstDate is not { } first || first < MinDate || first > MaxDate)
        {
            Add("firstDate", "The first date is required (2000 to 2100).");
        }

        if (input.MeetingMinutes is { } minutes && minutes is < 15 or > 480)
        {
            Add("meetingMinutes", "A meeting lasts 15 to 480 minutes.");
        }

        if (input.Place is { Length: > 300 })
        {
            Add("place", "At most 300 characters.");
        }

        if (input.OnlineLink is { Length: > 0 } link && (link.Length > 1000 || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            Add("onlineLink", "An http(s) link of at most 1000 characters.");
        }

        var companies = new List<Guid>();
        switch (input.Scope)
        {
            case CommitteeScope.Company:
                if (input.CompanyId is { } companyId && await db.Companies.AnyAsync(c => c.Id == companyId, ct))
                {
                    companies.Add(companyId);
                }
                else
                {
                    Add("companyId", "Choose a client company.");
                }

                break;
            case CommitteeScope.Holding:
                if (input.HoldingId is { } holdingId && await db.Set<Holding>().AnyAsync(h => h.Id == holdingId, ct))
                {
                    companies.AddRange(await db.Companies.Where(c => c.HoldingId == holdingId && c.IsActive).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct));
                }

                if (companies.Count == 0)
                {
                    Add("holdingId", "Choose a holding with client companies.");
                }

                break;
            case CommitteeScope.Service:
                if (input.ServiceId is { } serviceId)
                {
                    var today = clock.GetUtcNow().UtcDateTime.Date;
                    var todayDate = DateOnly.FromDateTime(today);
                    companies.AddRange(await db.ClientServices.Where(s => s.ServiceId == serviceId && (s.EndsOn == null || s.EndsOn >= todayDate))
                        .Select(s => s.CompanyId).Distinct().ToListAsync(ct));
                }

                if (companies.Count == 0)
                {
                    Add("serviceId", "Choose a service some client company receives.");
                }

                break;
            default:
                Add("scope", "Choose what the committee covers.");
                break;
        }

        string? zone = null;
        if (input.TimeZoneId is { Length: > 0 } requested)
        {
            if (requested.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(requested, out _))
            {
                zone = requested;
            }
            else
            {
                Add("timeZoneId", "An IANA time zone, e.g. Asia/Vladivostok.");
            }
        }
        else if (companies.Count > 0)
        {
            // The client's zone: the covered company's, or the first covered company's.
            var firstCompany = companies[0];
            zone = await db.Companies.Where(c => c.Id == firstCompany).Select(c => c.TimeZoneId).FirstAsync(ct);
        }

        return (errors, companies, zone ?? "Europe/Moscow");
    }
}
