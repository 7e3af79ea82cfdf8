using OneWindow.Core.Committees;

namespace OneWindow.Web.Features.Committees;

public sealed record CommitteeCompanyDto(Guid Id, string Name);

public sealed record CommitteeMemberDto(Guid PersonId, string Name, string? Email, CommitteeRole Role, CommitteeSide Side);

public sealed record CommitteeSummary(Guid Id, string Name, CommitteeScope Scope, CommitteeLevel Level, CommitteeCadence Cadence, bool IsActive, IReadOnlyList<string> Companies,
    DateOnly? NextMeeting);

public sealed record CommitteeDto(
    Guid Id, string Name, CommitteeScope Scope, Guid? CompanyId, Guid? HoldingId, Guid? ServiceId, CommitteeLevel Level, CommitteeCadence Cadence, DateOnly FirstDate,
    TimeOnly MeetingTime, int MeetingMinutes, string TimeZoneId, string? Place, string? OnlineLink, bool IsActive,
    IReadOnlyList<CommitteeCompanyDto> Companies, IReadOnlyList<CommitteeMemberDto> Members);

public sealed record AttendanceDto(Guid PersonId, bool Present, string? Note);

public sealed record MeetingDto(Guid Id, Guid CommitteeId, MeetingKind Kind, int Number, DateOnly Date, DateTimeOffset StartsAt, int Minutes, string? Place, string? OnlineLink,
    MeetingStatus Status, string PeriodKey, int InviteSequence, IReadOnlyList<AttendanceDto> Attendance);

public sealed record CadenceProposalDto(Guid Id, Guid CommitteeId, CommitteeCadence From, CommitteeCadence To, CadenceReason Reason, string? Detail, CadenceProposalStatus Status,
    DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// Reads of committees for the API and pages. Tenancy (the covered companies) is the query filters'; on top, a client
/// company's ordinary user sees only the committees they sit on — the executives see all their company's.
/// </summary>
public static class CommitteeQueries
{
    public static IQueryable<Committee> Visible(AppDbContext db, CurrentActor actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var committees = db.Set<Committee>().AsNoTracking();
        if (actor.IsClient && !actor.Principal.IsInRole(Roles.ClientExecutive))
        {
            var me = actor.UserId ?? Guid.Empty;
            committees = committees.Where(c => db.Set<CommitteeMember>().Any(m => m.CommitteeId == c.Id && m.PersonId == me));
        }

        return committees;
    }

    public static async Task<List<CommitteeSummary>> ListAsync(AppDbContext db, CurrentActor actor, DateOnly today, bool english, CancellationToken ct)
    {
        var rows = await Visible(db, actor).OrderBy(c => c.Name).Take(500)
            .Select(c => new { c.Id, c.Name, c.Scope, c.Level, c.Cadence, c.IsActive }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        // Names of the covered companies the caller may see (the companies' own filter applies).
        var covered = await db.Set<CommitteeCompany>().Where(cc => ids.Contains(cc.CommitteeId))
            .Join(db.Companies, cc => cc.CompanyId, x => x.Id, (cc, x) => new { cc.CommitteeId, x.Name, x.NameEn }).ToListAsync(ct);
        var next = (await db.Set<CommitteeMeeting>().Where(m => ids.Contains(m.CommitteeId) && m.Kind == MeetingKind.Committee && m.Status == MeetingStatus.Planned && m.Date >= today)
            .Select(m => new { m.CommitteeId, m.Date }).ToListAsync(ct)).GroupBy(m => m.CommitteeId).ToDictionary(g => g.Key, g => g.Min(m => m.Date));
        return [.. rows.Select(r => new CommitteeSummary(r.Id, r.Name, r.Scope, r.Level, r.Cadence, r.IsActive,
            [.. covered.Where(c => c.CommitteeId == r.Id).Select(c => english && c.NameEn is { Length: > 0 } en ? en : c.Name).Order(StringComparer.CurrentCulture)],
            next.TryGetValue(r.Id, out var date) ? date : null))];
    }

    public static async Task<CommitteeDto?> GetAsync(AppDbContext db, CurrentActor actor, Guid id, bool english, CancellationToken ct)
    {
        if (await Visible(db, actor).FirstOrDefaultAsync(c => c.Id == id, ct) is not { } c)
        {
            return null;
        }

        var companies = await db.Companies.AsNoTracking().Where(x => db.Set<CommitteeCompany>().Any(cc => cc.CommitteeId == id && cc.CompanyId == x.Id)).OrderBy(x => x.Name)
            .Select(x => new CommitteeCompanyDto(x.Id, english && x.NameEn != null ? x.NameEn : x.Name)).ToListAsync(ct);
        var members = await db.Set<CommitteeMember>().AsNoTracking().Where(m => m.CommitteeId == id).OrderBy(m => m.Role).ThenBy(m => m.Person!.FullName)
            .Select(m => new CommitteeMemberDto(m.PersonId, m.Person!.FullName, m.Person.Email, m.Role, m.Side)).ToListAsync(ct);
        return new CommitteeDto(c.Id, c.Name, c.Scope, c.CompanyId, c.HoldingId, c.ServiceId, c.Level, c.Cadence, c.FirstDate, c.MeetingTime, c.MeetingMinutes, c.TimeZoneId,
            c.Place, c.OnlineLink, c.IsActive, companies, members);
    }

    public static async Task<List<MeetingDto>?> MeetingsAsync(AppDbContext db, CurrentActor actor, Guid committeeId, CancellationToken ct)
    {
        if (!await Visible(db, actor).AnyAsync(c => c.Id == committeeId, ct))
        {
            return null;
        }

        var meetings = await db.Set<CommitteeMeeting>().AsNoTracking().Where(m => m.CommitteeId == committeeId).OrderBy(m => m.Date).ThenBy(m => m.Number).Take(500).ToListAsync(ct);
        var ids = meetings.Select(m => m.Id).ToList();
        var attendance = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => ids.Contains(a.MeetingId)).ToListAsync(ct);
        return [.. meetings.Select(m => ToDto(m, attendance.Where(a => a.MeetingId == m.Id)))];
    }

    public static async Task<MeetingDto?> MeetingAsync(AppDbContext db, CurrentActor actor, Guid meetingId, CancellationToken ct)
    {
        if (await db.Set<CommitteeMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct) is not { } meeting
            || !await Visible(db, actor).AnyAsync(c => c.Id == meeting.CommitteeId, ct))
        {
            return null;
        }

        return ToDto(meeting, await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == meetingId).ToListAsync(ct));
    }

    public static async Task<List<CadenceProposalDto>?> ProposalsAsync(AppDbContext db, CurrentActor actor, Guid committeeId, CancellationToken ct)
    {
        if (!await Visible(db, actor).AnyAsync(c => c.Id == committeeId, ct))
        {
            return null;
        }

        var rows = await db.Set<CadenceProposal>().AsNoTracking().Where(p => p.CommitteeId == committeeId).ToListAsync(ct);
        return [.. rows.OrderByDescending(p => p.ProposedAt).Take(100).Select(ToDto)];
    }

    public static async Task<CadenceProposalDto?> ProposalAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<CadenceProposal>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? ToDto(p) : null;

    public static CadenceProposalDto ToDto(CadenceProposal p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.CommitteeId, p.From, p.To, p.Reason, p.Detail, p.Status, p.ProposedAt, p.DecidedAt);
    }

    private static MeetingDto ToDto(CommitteeMeeting m, IEnumerable<MeetingAttendance> attendance) =>
        new(m.Id, m.CommitteeId, m.Kind, m.Number, m.Date, m.StartsAt, m.Minutes, m.Place, m.OnlineLink, m.Status, m.PeriodKey, m.InviteSequence,
            [.. attendance.Select(a => new AttendanceDto(a.PersonId, a.Present, a.Note))]);
}
