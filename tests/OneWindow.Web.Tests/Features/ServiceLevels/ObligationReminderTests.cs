using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MimeKit;
using OneWindow.Core.Identity;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Resources;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// Issue 13: the client company is reminded of its OLA document deadlines — once the day before (by the end of the next
/// working day) and once when the deadline has passed with nothing delivered — the metric's responsible person, else the
/// company's executives, by email (through the outbox to the SMTP receiver) and on the bell.
/// </summary>
public class ObligationReminderTests(ClientReminderFactory app) : IClassFixture<ClientReminderFactory>
{
    [Fact]
    public async Task The_responsible_person_is_reminded_once_the_day_before_and_once_when_late()
    {
        var (metric, name, due, _) = await ObligationAsync(Demo.ClientA);

        // Weeks ahead nothing is said.
        app.Clock.SetUtcNow(due.AddDays(-20));
        await app.RemindObligationsAsync();
        Assert.Empty(await LogAsync(metric));

        // The day before: one "due soon" email to the responsible person, and a bell notice; the executive hears nothing.
        app.Clock.SetUtcNow(due.AddDays(-1));
        await app.RemindObligationsAsync();
        await app.DeliverAsync();
        var soon = Assert.Single(MailServers.Received(name));
        Assert.Equal(Demo.ClientA, Assert.Single(soon.To.Mailboxes).Address);
        Assert.StartsWith("Скоро срок: " + name, soon.Subject, StringComparison.Ordinal);
        Assert.Contains(Demo.CompanyA, soon.TextBody, StringComparison.Ordinal);
        Assert.Equal(new[] { Demo.ClientA }, await NotifiedAsync(name, TicketEventKind.ObligationDueSoon));

        // A second sweep sends nothing more.
        await app.RemindObligationsAsync();
        await app.DeliverAsync();
        Assert.Single(MailServers.Received(name));
        Assert.Equal(new[] { ObligationReminderKind.DueSoon }, (await LogAsync(metric)).Select(r => r.Kind));

        // Past the due instant with nothing delivered: one "late" email, then no more.
        app.Clock.SetUtcNow(due.AddHours(1));
        await app.RemindObligationsAsync();
        app.Clock.SetUtcNow(due.AddDays(2));
        await app.RemindObligationsAsync();
        await app.DeliverAsync();
        var late = Assert.Single(MailServers.Received(name), m => m.Subject!.StartsWith("Просрочено", StringComparison.Ordinal));
        Assert.Equal(Demo.ClientA, Assert.Single(late.To.Mailboxes).Address);
        Assert.Equal(2, MailServers.Received(name).Count);
        Assert.Equal(new[] { Demo.ClientA }, await NotifiedAsync(name, TicketEventKind.ObligationLate));
    }

    [Fact]
    public async Task A_delivered_obligation_is_not_reminded()
    {
        var (metric, name, due, period) = await ObligationAsync(Demo.ClientA);
        await app.WithDbAsync(async db =>
        {
            var m = await db.AgreementMetrics.SingleAsync(x => x.Id == metric);
            db.DeadlineDeliveries.Add(new DeadlineDelivery
            {
                MetricId = metric, CompanyId = m.CompanyId, PeriodStart = period, DueAt = due, DeliveredAt = due.AddDays(-3), RecordedByName = "test",
            });
            return await db.SaveChangesAsync();
        });

        app.Clock.SetUtcNow(due.AddDays(-1));
        await app.RemindObligationsAsync();
        app.Clock.SetUtcNow(due.AddHours(1));
        await app.RemindObligationsAsync();
        await app.DeliverAsync();

        Assert.Empty(await LogAsync(metric));
        Assert.Empty(MailServers.Received(name));
    }

    [Fact]
    public async Task Without_a_responsible_the_companys_executives_are_reminded_and_nobody_else()
    {
        var (metric, name, due, _) = await ObligationAsync(responsible: null);
        var executives = await app.WithDbAsync(async db =>
        {
            var company = await db.AgreementMetrics.Where(m => m.Id == metric).Select(m => m.CompanyId).SingleAsync();
            return await db.Users.Where(u => u.CompanyId == company && u.IsActive
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)))
                .Select(u => u.Email!).ToListAsync();
        });
        executives.Sort(StringComparer.Ordinal);
        Assert.Contains(Demo.ExecutiveA, executives);
        // The executive reads English.
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en")));

        app.Clock.SetUtcNow(due.AddDays(-1));
        await app.RemindObligationsAsync();
        await app.DeliverAsync();

        var received = MailServers.Received(name);
        Assert.Equal(executives, received.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Order(StringComparer.Ordinal));
        var english = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == Demo.ExecutiveA));
        Assert.StartsWith("Due soon: " + name, english.Subject, StringComparison.Ordinal);
        // Another company's people and the company's other users are told nothing.
        Assert.Equal(executives, await NotifiedAsync(name, TicketEventKind.ObligationDueSoon));
        Assert.DoesNotContain(received, m => m.To.Mailboxes.Any(a => a.Address.EndsWith("sib-agro.demo", StringComparison.Ordinal) || a.Address == Demo.ClientA));
    }

    [Fact]
    public async Task An_obligation_more_than_a_week_late_is_not_reminded_any_more()
    {
        var (metric, name, due, _) = await ObligationAsync(Demo.ClientA);

        app.Clock.SetUtcNow(due.AddDays(ObligationReminderSweeper.LateReminderDays + 1));
        await app.RemindObligationsAsync();
        await app.DeliverAsync();

        Assert.Empty(await LogAsync(metric));
        Assert.Empty(MailServers.Received(name));
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_send_a_reminder_once()
    {
        var (metric, name, due, _) = await ObligationAsync(Demo.ClientA);

        app.Clock.SetUtcNow(due.AddDays(-1));
        await Task.WhenAll(app.RemindObligationsAsync("one"), app.RemindObligationsAsync("two"));
        await app.RemindObligationsAsync("three");
        await app.DeliverAsync();

        Assert.Single(await LogAsync(metric));
        Assert.Single(MailServers.Received(name));
    }

    [Fact]
    public void The_bell_tells_an_obligation_reminder_in_the_viewers_language()
    {
        var services = app.Services;
        var n = new NotificationDto(1, null, "2026-11", "Первичные документы", TicketEventKind.ObligationLate, null, "system", DateTimeOffset.UnixEpoch, null, Link: "/");
        string In(string culture)
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                return NotificationBell.Text(n, services.GetRequiredService<IStringLocalizer<TicketResource>>(), services.GetRequiredService<IStringLocalizer<SharedResource>>(),
                    services.GetRequiredService<IStringLocalizer<ClockResource>>());
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }

        Assert.Equal("Срок обязательства по OLA истёк", In("ru"));
        Assert.Equal("An OLA obligation is overdue", In("en"));
    }

    /// <summary>
    /// A demo-like deadline ("primary documents by working day 5", unique name) added to company A's agreed version, with
    /// every earlier month delivered: the only open obligation is the current month's, due early next month.
    /// </summary>
    private async Task<(Guid Metric, string Name, DateTimeOffset Due, DateOnly Period)> ObligationAsync(string? responsible)
    {
        var name = "Первичные документы к 5-му рабочему дню " + Guid.NewGuid().ToString("N")[..8];
        var metric = await app.WithDbAsync(async db =>
        {
            var company = await db.Companies.SingleAsync(c => c.Name == Demo.CompanyA);
            var version = await db.AgreementVersions.Where(v => v.CompanyId == company.Id && v.Status == AgreementStatus.Agreed && v.ApprovedAt != null && v.ValidTo == null)
                .OrderByDescending(v => v.ValidFrom).FirstAsync();
            var m = new AgreementMetric
            {
                VersionId = version.Id, CompanyId = company.Id, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = name,
                Period = PeriodUnit.Month, DueWorkingDay = 5, AttainmentTarget = 100,
                ClientResponsibleId = responsible is null ? null : await db.Users.Where(u => u.Email == responsible).Select(u => u.Id).SingleAsync(),
            };
            db.AgreementMetrics.Add(m);
            // The clock only goes forward: to the 2nd of next month, so the obligation is a month ahead whatever earlier tests did.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(company.TimeZoneId);
            var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone).DateTime);
            var second = new DateOnly(local.Year, local.Month, 2).AddMonths(1);
            app.Clock.Advance(TimeSpan.FromDays(second.DayNumber - local.DayNumber));
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone).DateTime);
            for (var p = ReportPeriod.Of(PeriodUnit.Month, today).Previous; p.Start >= today.AddMonths(-5); p = p.Previous)
            {
                db.DeadlineDeliveries.Add(new DeadlineDelivery
                {
                    MetricId = m.Id, CompanyId = company.Id, PeriodStart = p.Start, DueAt = app.Clock.GetUtcNow(), DeliveredAt = app.Clock.GetUtcNow(), RecordedByName = "test",
                });
            }

            await db.SaveChangesAsync();
            return m.Id;
        });
        var open = await OpenAsync(metric);
        var obligation = Assert.Single(open);
        Assert.False(obligation.Late);
        return (metric, name, obligation.DueAt, obligation.PeriodStart);
    }

    private async Task<List<OlaObligation>> OpenAsync(Guid metric)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OneWindow.Web.Data.Tenancy.CurrentActor>().EstablishSystem();
        var all = await scope.ServiceProvider.GetRequiredService<OlaObligations>().OpenAsync(null, TimeSpan.FromDays(62), CancellationToken.None);
        return [.. all.Where(o => o.MetricId == metric)];
    }

    private Task<List<ObligationReminder>> LogAsync(Guid metric) =>
        app.WithDbAsync(db => db.ObligationReminders.Where(r => r.MetricId == metric).OrderBy(r => r.Id).ToListAsync());

    /// <summary>Who has a bell notice of this kind about the deadline (its name is the notice's subject).</summary>
    private async Task<List<string>> NotifiedAsync(string name, TicketEventKind kind) =>
        [.. (await app.WithDbAsync(db => db.Users.Where(u => db.Notifications.Any(n => n.UserId == u.Id && n.Subject == name && n.Kind == kind && n.Link == "/"))
            .Select(u => u.Email!).ToListAsync())).Order(StringComparer.Ordinal)];
}
