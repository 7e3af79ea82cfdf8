using Microsoft.AspNetCore.Hosting.Server;
using OneWindow.Core.Calendars;
using OneWindow.Web.Features.Mail;
using Quartz;

namespace OneWindow.Web.Features.Documents;

public sealed class DocumentReminderOptions
{
    /// <summary>How many days after publishing a person who has not acknowledged is reminded, and how long before they are reminded again.</summary>
    public int ReminderDays { get; set; } = 3;

    /// <summary>When the reminders go out (Quartz cron, Moscow time); on days off by the production calendar the run does nothing.</summary>
    public string ReminderCron { get; set; } = "0 0 9 ? * MON-FRI";
}

public sealed record RemindResult(int Reminded);

/// <summary>The daily acknowledgement reminders as a Quartz job.</summary>
[DisallowConcurrentExecution]
public sealed class DocumentReminderJob(IServiceScopeFactory scopes, TimeProvider clock) : IJob
{
    public const string Name = "document-acknowledgement-reminders";

    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static void Schedule(IQuartzBuilder q, string cron) => q.ScheduleJob<DocumentReminderJob>(
        trigger => trigger.WithIdentity(Name).WithCronSchedule(cron, c => c.InTimeZone(Moscow).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
        job => job.WithIdentity(Name));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The cron knows weekdays only; public holidays (and working Saturdays) are the production calendar's.
        if (!ProductionCalendar.Russia.IsWorkingDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Moscow).DateTime)))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DocumentReminders>().SweepAsync(cancellationToken);
    }
}

/// <summary>
/// Reminds the people of a published version's audience who have not acknowledged it: by email in their language, at
/// the earliest N days after publishing and then at most once every N days (the last reminder is stored per version and
/// person). Editors may remind everyone not read at once. There is no in-app notice: the Notices seam speaks of tickets
/// only, and the acknowledgement prompt already stops the person at their next sign-in.
/// </summary>
public sealed class DocumentReminders(AppDbContext db, CurrentActor actor, TimeProvider clock, Mailer mailer, IOptions<DocumentReminderOptions> options,
    IConfiguration configuration, IServer server, ILogger<DocumentReminders> logger)
{
    /// <summary>An editor's "remind now" answers a double click once: who was reminded this recently is skipped.</summary>
    private static readonly TimeSpan DoubleClick = TimeSpan.FromMinutes(10);

    private int Days => Math.Clamp(options.Value.ReminderDays, 1, 365);

    /// <summary>One run as the system: every published version at least N days old; returns how many reminders went out.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        actor.EstablishSystem();
        var now = clock.GetUtcNow();
        var due = now.AddDays(-Days);
        var versions = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.Status == DocumentVersionStatus.Published && v.PublishedAt != null && v.PublishedAt <= due)
            .Select(v => v.Id).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var version in versions)
        {
            try
            {
                sent += await RemindAsync(version, now, due, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken document must not hold up the others' reminders.
                logger.LogWarning(e, "Reminders for document version {VersionId} failed; will retry on the next run", version);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} document acknowledgement reminder(s)", sent);
        }

        return sent;
    }

    /// <summary>An editor reminds everyone who has not read the current published version, now, whatever the last reminder.</summary>
    public async Task<(DeskResult Result, int Reminded)> RemindNowAsync(Guid documentId, CancellationToken ct)
    {
        if (!DocumentDesk.IsEditor(actor))
        {
            return (DeskResult.Refused(DocumentDesk.EditorsOnly), 0);
        }

        if (!await db.Set<Document>().AnyAsync(d => d.Id == documentId, ct))
        {
            return (DeskResult.Missing, 0);
        }

        var version = await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId && v.Status == DocumentVersionStatus.Published)
            .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        if (version is not { } versionId)
        {
            return (DeskResult.Clash("The document has no published version yet."), 0);
        }

        var now = clock.GetUtcNow();
        var reminded = await RemindAsync(versionId, now, now - DoubleClick, ct);
        return (DeskResult.Ok(versionId), reminded);
    }

    /// <summary>Mails each person of the version's audience who has not acknowledged it and was not reminded after <paramref name="remindedBefore"/>.</summary>
    private async Task<int> RemindAsync(Guid versionId, DateTimeOffset now, DateTimeOffset remindedBefore, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().AsNoTracking().FirstAsync(v => v.Id == versionId, ct);
        var document = await db.Set<Document>().AsNoTracking().FirstAsync(d => d.Id == version.DocumentId, ct);
        var acknowledged = db.Set<DocumentAcknowledgement>().Where(a => a.VersionId == versionId).Select(a => a.UserId);
        var recent = db.Set<DocumentReminder>().Where(r => r.VersionId == versionId && r.SentAt > remindedBefore).Select(r => r.UserId);
        var people = await DocumentDesk.Audience(db, document).Where(u => !acknowledged.Contains(u.Id) && !recent.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.Email, u.Culture }).Take(5000).ToListAsync(ct);
        if (people.Count == 0)
        {
            return 0;
        }

        var ids = people.Select(p => p.Id).ToList();
        var stamps = await db.Set<DocumentReminder>().Where(r => r.VersionId == versionId && ids.Contains(r.UserId)).ToDictionaryAsync(r => r.UserId, ct);
        var link = Infrastructure.PublicAddress.Of(configuration, server) + "/documents/" + document.Id;
        var sent = 0;
        foreach (var person in people)
        {
            if (stamps.TryGetValue(person.Id, out var stamp))
            {
                stamp.SentAt = now;
            }
            else
            {
                db.Set<DocumentReminder>().Add(new DocumentReminder { VersionId = versionId, UserId = person.Id, SentAt = now });
            }

            if (person.Email is not { Length: > 0 } email)
            {
                continue;
            }

            var english = person.Culture?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
            var published = version.PublishedAt?.ToString(english ? "d MMM yyyy" : "dd.MM.yyyy", CultureInfo.GetCultureInfo(english ? "en" : "ru")) ?? "";
            var model = new DocumentReminderModel(person.FullName, document.Title(english), version.Number, published, link);
            await mailer.QueueAsync(MailTemplateKeys.DocumentReminder, person.Culture, model, [new MailRecipient(email, person.FullName)], ct: ct);
            sent++;
        }

        // The stamps and the emails in one save: a failed save sends nothing and the next run tries again.
        await db.SaveChangesAsync(ct);
        return sent;
    }
}
