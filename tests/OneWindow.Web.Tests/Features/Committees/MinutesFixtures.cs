using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Committees;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Committees;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>A committee of one company with its members and a held meeting, written straight to the database.</summary>
public static class MinutesFixtures
{
    public sealed record Made(Committee Committee, CommitteeMeeting Meeting, Guid CompanyId, string TimeZoneId);

    /// <summary>
    /// The company's committee: the quality manager chairs it, the CSM is the secretary, the company's executive is a
    /// member; one meeting held today (by the committee's zone).
    /// </summary>
    public static async Task<Made> CommitteeOfAsync(AppDbContext db, Guid companyId, DateTimeOffset now, string chairEmail = Infrastructure.Demo.Quality)
    {
        var company = await db.Companies.IgnoreQueryFilters().SingleAsync(c => c.Id == companyId);
        var people = await db.Users.IgnoreQueryFilters().Where(u => u.Email == chairEmail || u.Email == Infrastructure.Demo.Csm || (u.CompanyId == companyId && u.Email!.StartsWith("cfo@")))
            .ToListAsync();
        var committee = new Committee
        {
            Name = "Комитет по качеству " + Guid.NewGuid().ToString("N")[..6],
            Scope = CommitteeScope.Company,
            CompanyId = companyId,
            Level = CommitteeLevel.Operational,
            Cadence = CommitteeCadence.Monthly,
            FirstDate = ActionItemDesk.LocalToday(now, company.TimeZoneId),
            TimeZoneId = company.TimeZoneId,
            Place = "Екатеринбург, переговорная 1",
        };
        committee.Companies.Add(new CommitteeCompany { CompanyId = companyId });
        foreach (var p in people)
        {
            committee.Members.Add(new CommitteeMember
            {
                PersonId = p.Id,
                Role = p.Email == chairEmail ? CommitteeRole.Chair : p.Email == Infrastructure.Demo.Csm ? CommitteeRole.Secretary : CommitteeRole.Member,
                Side = p.CompanyId is null ? CommitteeSide.Ssc : CommitteeSide.Client,
            });
        }

        db.Set<Committee>().Add(committee);
        var meeting = new CommitteeMeeting
        {
            CommitteeId = committee.Id,
            Number = 1,
            Date = committee.FirstDate,
            StartsAt = now,
            Status = MeetingStatus.Held,
            PeriodKey = $"{committee.FirstDate:yyyy-MM}",
        };
        db.Set<CommitteeMeeting>().Add(meeting);
        await db.SaveChangesAsync();
        return new Made(committee, meeting, companyId, company.TimeZoneId);
    }

    /// <summary>An open action item of the company's committee owned by the company's executive.</summary>
    public static async Task<ActionItem> ActionItemOfAsync(AppDbContext db, Guid companyId)
    {
        var made = await CommitteeOfAsync(db, companyId, TimeProvider.System.GetUtcNow());
        var owner = made.Committee.Members.First(m => m.Side == CommitteeSide.Client).PersonId;
        var item = new ActionItem
        {
            CommitteeId = made.Committee.Id, CompanyId = companyId, Title = "Поручение компании", OwnerId = owner, Side = CommitteeSide.Client,
            DueOn = made.Committee.FirstDate.AddDays(7),
        };
        db.Set<ActionItem>().Add(item);
        await db.SaveChangesAsync();
        return item;
    }
}
