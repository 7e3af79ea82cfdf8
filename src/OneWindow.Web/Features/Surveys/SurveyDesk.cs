using Microsoft.AspNetCore.DataProtection;
using OneWindow.Core.Surveys;
using OneWindow.Web.Features.Mail;

namespace OneWindow.Web.Features.Surveys;

public sealed class SurveyOptions
{
    /// <summary>A person is invited to at most one survey campaign in this many days, across all campaigns.</summary>
    public int FatigueDays { get; set; } = 30;
    /// <summary>The address clients reach OneWindow at, for the links in invitations (falls back to Feedback:PublicBaseUrl).</summary>
    public string? PublicBaseUrl { get; set; }
    /// <summary>How often the scheduler opens due waves and sends reminders, in minutes.</summary>
    public int SweepMinutes { get; set; } = 15;
    /// <summary>The local hour (in each client company's zone) invitations and reminders are delivered at.</summary>
    public int SendHour { get; set; } = 9;
}

public sealed record CampaignInput(string? Name, Guid? QuestionnaireId, SurveyRecurrence? Recurrence, DateOnly? FirstOpens, int? OpenDays,
    int? ReminderWorkingDays, bool Anonymous, SurveyAudience? Audience, bool CountRatingInvitations = false);

/// <summary>A survey open to the signed-in client: its title, closing day, whether they finished, and the path of their personal link.</summary>
public sealed record MySurvey(string Title, DateOnly Closes, bool Answered, bool Anonymous, string Path);

/// <summary>One person of a campaign's audience, and why they would be skipped (null: invited).</summary>
public sealed record AudienceMember(Guid PersonId, string Name, string Email, Guid CompanyId, string Company, string Role, string? SkippedReason,
    DateOnly? LastInvitedOn);

public static class SkipReasons
{
    /// <summary>Invited to another campaign within the fatigue window.</summary>
    public const string Fatigue = "fatigue";
    /// <summary>Sent a one-click rating invitation within the fatigue window, and the campaign counts those.</summary>
    public const string RatingFatigue = "rating-fatigue";
    public const string NoEmail = "no-email";
}

/// <summary>Campaigns and their waves: creating, previewing the audience, launching a wave (invitations), reminding.</summary>
public sealed class SurveyDesk(AppDbContext db, TimeProvider clock, Mailer mailer, IOptions<SurveyOptions> options, IHttpContextAccessor http,
    IDataProtectionProvider protection, Microsoft.AspNetCore.Hosting.Server.IServer server)
{
    private readonly IDataProtector links = protection.CreateProtector("OneWindow.Surveys.Link.v1");

    public async Task<DeskResult> CreateCampaignAsync(CampaignInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 300)
        {
            errors["name"] = ["A name of at most 300 characters is required."];
        }

        if (input.QuestionnaireId is not { } questionnaireId || !await db.Set<Questionnaire>().AnyAsync(q => q.Id == questionnaireId, ct))
        {
            errors["questionnaireId"] = ["No such questionnaire."];
        }

        if (input.Recurrence is { } r && !Enum.IsDefined(r))
        {
            errors["recurrence"] = ["Once, Yearly, HalfYearly or Quarterly."];
        }

        if (input.OpenDays is not null and not (>= 1 and <= 90))
        {
            errors["openDays"] = ["A wave stays open 1 to 90 days."];
        }

        if (input.ReminderWorkingDays is not null and not (>= 0 and <= 30))
        {
            errors["reminderWorkingDays"] = ["0 to 30 working days before closing."];
        }

        var audience = input.Audience ?? new SurveyAudience();
        if (new[] { audience.Companies?.Count, audience.Holdings?.Count, audience.Services?.Count, audience.People?.Count }.Any(n => n > 5000)
            || audience.Roles?.Any(role => role is not (Roles.ClientUser or Roles.ClientExecutive)) == true)
        {
            errors["audience"] = ["Roles are ClientUser or ClientExecutive; each list holds at most 5000 ids."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var campaign = new SurveyCampaign
        {
            Name = input.Name!.Trim(),
            QuestionnaireId = input.QuestionnaireId!.Value,
            Recurrence = input.Recurrence ?? SurveyRecurrence.Once,
            FirstOpens = input.FirstOpens ?? LocalDates.Of(clock.GetUtcNow(), await TimeZones.ServiceCenterAsync(db, ct)),
            OpenDays = input.OpenDays ?? 14,
            ReminderWorkingDays = input.ReminderWorkingDays ?? 3,
            Anonymous = input.Anonymous,
            CountRatingInvitations = input.CountRatingInvitations,
            Audience = audience.ToJson(),
        };
        db.Set<SurveyCampaign>().Add(campaign);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(campaign.Id);
    }

    /// <summary>Everyone the campaign would ask now, each with the reason they would be skipped (fatigue, no email).</summary>
    public async Task<List<AudienceMember>> AudienceAsync(SurveyCampaign campaign, CancellationToken ct)
    {
        var audience = SurveyAudience.Parse(campaign.Audience);
        var people = db.Users.AsNoTracking().Where(u => u.CompanyId != null && u.IsActive);
        if (audience.People is { Count: > 0 } chosen)
        {
            people = people.Where(u => chosen.Contains(u.Id));
        }
        else
        {
            if (audience.Companies is { Count: > 0 } companies)
            {
                people = people.Where(u => companies.Contains(u.CompanyId!.Value));
            }

            if (audience.Holdings is { Count: > 0 } holdings)
            {
                people = people.Where(u => db.Companies.Any(c => c.Id == u.CompanyId && c.HoldingId != null && holdings.Contains(c.HoldingId.Value)));
            }

            if (audience.Services is { Count: > 0 } services)
            {
                var today = LocalDates.Of(clock.GetUtcNow(), await TimeZones.ServiceCenterAsync(db, ct));
                people = people.Where(u => db.ClientServices.Any(s => s.CompanyId == u.CompanyId && services.Contains(s.ServiceId)
                    && s.StartsOn <= today && (s.EndsOn == null || s.EndsOn >= today)));
            }

            if (audience.Roles is { Count: > 0 } roles)
            {
                people = people.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
            }
        }

        var rows = await people.Where(u => db.Companies.Any(c => c.Id == u.CompanyId && c.IsActive)).Select(u => new
        {
            u.Id, u.FullName, u.Email, CompanyId = u.CompanyId!.Value,
            Company = db.Companies.Where(c => c.Id == u.CompanyId).Select(c => c.Name).First(),
            Executive = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)),
        }).OrderBy(u => u.Company).ThenBy(u => u.FullName).Take(20_000).ToListAsync(ct);

        var since = clock.GetUtcNow().AddDays(-Math.Max(0, options.Value.FatigueDays));
        var ids = rows.Select(r => r.Id).ToList();
        var recent = await (from i in db.Set<SurveyInvitation>().AsNoTracking()
                            join w in db.Set<SurveyWave>() on i.WaveId equals w.Id
                            where ids.Contains(i.PersonId) && i.InvitedAt != null && w.CampaignId != campaign.Id
                            select new { i.PersonId, i.InvitedAt }).ToListAsync(ct);
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var last = recent.GroupBy(i => i.PersonId).ToDictionary(g => g.Key, g => g.Max(i => i.InvitedAt!.Value));
        var rated = campaign.CountRatingInvitations
            ? (await db.Set<Feedback.RatingInvitation>().AsNoTracking().Where(i => ids.Contains(i.PersonId) && i.SentAt > since)
                .Select(i => i.PersonId).Distinct().ToListAsync(ct)).ToHashSet()
            : [];
        return [.. rows.Select(r =>
        {
            var lastInvited = last.TryGetValue(r.Id, out var at) ? at : (DateTimeOffset?)null;
            var reason = string.IsNullOrWhiteSpace(r.Email) ? SkipReasons.NoEmail
                : lastInvited > since ? SkipReasons.Fatigue
                : rated.Contains(r.Id) ? SkipReasons.RatingFatigue : null;
            return new AudienceMember(r.Id, r.FullName, r.Email ?? "", r.CompanyId, r.Company, r.Executive ? Roles.ClientExecutive : Roles.ClientUser, reason,
                lastInvited is { } l ? LocalDates.Of(l, zone) : null);
        })];
    }

    /// <summary>
    /// Opens the campaign's next wave: freezes the questionnaire's current version, invites the audience (skipping those
    /// surveyed within the fatigue window) with personal links through the outbox. One wave per date: a second call
    /// for a wave already open is a conflict.
    /// </summary>
    public async Task<DeskResult> LaunchWaveAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return DeskResult.Missing;
        }

        if (campaign.Status == CampaignStatus.Ended)
        {
            return DeskResult.Clash("The campaign has ended.");
        }

        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var today = LocalDates.Of(clock.GetUtcNow(), zone);
        var waves = await db.Set<SurveyWave>().Where(w => w.CampaignId == campaignId).OrderBy(w => w.Number).ToListAsync(ct);
        if (waves.Count > 0 && waves[^1].Closes >= today)
        {
            return DeskResult.Clash("A wave of this campaign is still open.");
        }

        if (campaign.Recurrence == SurveyRecurrence.Once && waves.Count > 0)
        {
            return DeskResult.Clash("The campaign has no further wave.");
        }

        // Launched by hand, a wave opens today and keeps the campaign's length; later waves follow the recurrence.
        return DeskResult.Ok((await OpenWaveAsync(campaign, waves.Count + 1, today, today.AddDays(campaign.OpenDays - 1), holdUntilSendHour: false, ct)).Id);
    }

    /// <summary>
    /// Puts a draft campaign on the schedule: from its first opening day the scheduler opens its waves by itself. A wave
    /// launched by hand does the same.
    /// </summary>
    public async Task<DeskResult> ScheduleAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return DeskResult.Missing;
        }

        if (campaign.Status == CampaignStatus.Ended)
        {
            return DeskResult.Clash("The campaign has ended.");
        }

        campaign.Status = CampaignStatus.Active;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(campaign.Id);
    }

    /// <summary>Ends a campaign: no further wave opens; a wave still open keeps taking answers until it closes.</summary>
    public async Task<DeskResult> EndAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return DeskResult.Missing;
        }

        campaign.Status = CampaignStatus.Ended;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(campaign.Id);
    }

    /// <summary>
    /// The scheduler's part: opens the next wave of every active recurring campaign whose planned opening day (in the
    /// SSC's zone) has come, once the previous wave has closed. Returns the waves opened.
    /// </summary>
    public async Task<int> OpenDueWavesAsync(CancellationToken ct)
    {
        // A wave's days are each client's own: it opens once its first day has begun in the easternmost client zone, and each
        // person's invitation is held until the send hour of that day in their company's zone.
        var today = (await ZonesAsync(ct)).Values.Select(z => LocalDates.Of(clock.GetUtcNow(), z)).DefaultIfEmpty(LocalDates.Of(clock.GetUtcNow(), TimeZones.Find(null))).Max();
        var opened = 0;
        foreach (var campaign in await db.Set<SurveyCampaign>().Where(c => c.Status == CampaignStatus.Active).ToListAsync(ct))
        {
            var last = await db.Set<SurveyWave>().Where(w => w.CampaignId == campaign.Id).OrderByDescending(w => w.Number).FirstOrDefaultAsync(ct);
            if (last is not null && (last.Closes >= today || campaign.Recurrence == SurveyRecurrence.Once))
            {
                continue;
            }

            var dueWaves = SurveyWaves.Occurrences(campaign.Recurrence, campaign.FirstOpens, campaign.OpenDays, last?.Opens.AddDays(1) ?? campaign.FirstOpens, today);
            // The latest planned wave that has come and is still within its days; a missed older one is not opened late.
            if (dueWaves.Count > 0 && dueWaves[^1] is var due && due.Closes >= today)
            {
                await OpenWaveAsync(campaign, (last?.Number ?? 0) + 1, due.Opens, due.Closes, holdUntilSendHour: true, ct);
                opened++;
            }
        }

        return opened;
    }

    /// <summary>
    /// Opens a wave and invites its audience. A scheduled wave's invitations wait for the send hour of the opening day in
    /// each company's zone; a wave launched by hand sends at once, as the person pressing the button expects.
    /// </summary>
    internal async Task<SurveyWave> OpenWaveAsync(SurveyCampaign campaign, int number, DateOnly opens, DateOnly closes, bool holdUntilSendHour, CancellationToken ct)
    {
        var questionnaire = await db.Set<Questionnaire>().FirstAsync(q => q.Id == campaign.QuestionnaireId, ct);
        var version = await db.Set<QuestionnaireVersion>().FirstAsync(v => v.QuestionnaireId == questionnaire.Id && v.Number == questionnaire.CurrentVersion, ct);
        version.Frozen = true;
        var wave = new SurveyWave { CampaignId = campaign.Id, Number = number, Opens = opens, Closes = closes, QuestionnaireVersionId = version.Id, LaunchedAt = clock.GetUtcNow() };
        db.Set<SurveyWave>().Add(wave);
        campaign.Status = CampaignStatus.Active;

        var now = clock.GetUtcNow();
        var zones = await ZonesAsync(ct);
        var people = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Culture }).ToDictionaryAsync(u => u.Id, u => u.Culture, ct);
        foreach (var member in await AudienceAsync(campaign, ct))
        {
            var invitation = new SurveyInvitation { WaveId = wave.Id, CompanyId = member.CompanyId, PersonId = member.PersonId, SkippedReason = member.SkippedReason };
            db.Set<SurveyInvitation>().Add(invitation);
            if (member.SkippedReason is not null)
            {
                continue;
            }

            var token = SurveyTokens.New();
            invitation.TokenHash = SurveyTokens.InvitationHash(token);
            invitation.ProtectedToken = links.Protect(token);
            invitation.InvitedAt = now;
            var culture = people.GetValueOrDefault(member.PersonId) ?? "ru";
            var mail = await mailer.QueueAsync(MailTemplateKeys.SurveyInvitation, culture,
                new SurveyInvitationModel(member.Name, Title(questionnaire, campaign, culture), LinkFor(token), DateText(closes, culture),
                    campaign.Anonymous, Reminder: false),
                [new MailRecipient(member.Email, member.Name)], ct: ct);
            if (holdUntilSendHour)
            {
                HoldUntilSendHour(mail, opens, zones.GetValueOrDefault(member.CompanyId) ?? TimeZones.Find(null), now);
            }
        }

        await db.SaveChangesAsync(ct);
        return wave;
    }

    /// <summary>
    /// The scheduler's part: on the reminder day of each open wave (N working days before closing, by the Russian
    /// production calendar) emails the same link again to those invited who have not finished; and forgets the
    /// protected tokens of waves that have closed. Returns the reminders queued.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zones = await ZonesAsync(ct);
        // The widest span of "today" across the client zones: a wave is open somewhere between the westernmost and easternmost date.
        var fallback = TimeZones.Find(null);
        var dates = zones.Values.Select(z => LocalDates.Of(now, z)).DefaultIfEmpty(LocalDates.Of(now, fallback)).ToList();
        var (westToday, eastToday) = (dates.Min(), dates.Max());
        var calendar = OneWindow.Core.Calendars.ProductionCalendar.Russia;
        var sent = 0;
        var open = await (from w in db.Set<SurveyWave>()
                          join c in db.Set<SurveyCampaign>() on w.CampaignId equals c.Id
                          where w.Opens <= eastToday && w.Closes >= westToday && c.ReminderWorkingDays > 0
                          select new { Wave = w, Campaign = c }).ToListAsync(ct);
        foreach (var item in open)
        {
            var reminderDay = SurveyWaves.ReminderDay(item.Wave.Closes, item.Campaign.ReminderWorkingDays, calendar.IsWorkingDay);
            if (reminderDay > eastToday)
            {
                continue;
            }

            var questionnaire = await db.Set<Questionnaire>().FirstAsync(q => q.Id == item.Campaign.QuestionnaireId, ct);
            var due = await (from i in db.Set<SurveyInvitation>()
                             join u in db.Users on i.PersonId equals u.Id
                             where i.WaveId == item.Wave.Id && i.InvitedAt != null && !i.Answered && i.RemindedAt == null && i.ProtectedToken != null && u.IsActive
                             select new { Invitation = i, u.FullName, u.Email, u.Culture }).ToListAsync(ct);
            foreach (var person in due.Where(p => !string.IsNullOrWhiteSpace(p.Email)))
            {
                // The reminder day and the closing day are the person's own, in their company's zone.
                var zone = zones.GetValueOrDefault(person.Invitation.CompanyId) ?? fallback;
                var today = LocalDates.Of(now, zone);
                if (today < reminderDay || today > item.Wave.Closes)
                {
                    continue;
                }

                person.Invitation.RemindedAt = now;
                var culture = person.Culture ?? "ru";
                var mail = await mailer.QueueAsync(MailTemplateKeys.SurveyInvitation, culture,
                    new SurveyInvitationModel(person.FullName, Title(questionnaire, item.Campaign, culture), LinkFor(links.Unprotect(person.Invitation.ProtectedToken!)),
                        DateText(item.Wave.Closes, culture), item.Campaign.Anonymous, Reminder: true),
                    [new MailRecipient(person.Email!, person.FullName)], ct: ct);
                HoldUntilSendHour(mail, reminderDay, zone, now);
                sent++;
            }
        }

        // A link is forgotten once its wave has closed everywhere.
        await db.Set<SurveyInvitation>().Where(i => i.ProtectedToken != null && db.Set<SurveyWave>().Any(w => w.Id == i.WaveId && w.Closes < westToday))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ProtectedToken, (string?)null), ct);
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>
    /// A signed-in client's surveys whose wave is open in their company's zone: the campaign, the closing day, whether
    /// they have finished, and their personal link (the same one the email carries), so the portal opens the same response.
    /// </summary>
    public async Task<List<MySurvey>> ForPersonAsync(Guid personId, string culture, CancellationToken ct)
    {
        var zoneId = await db.Users.Where(u => u.Id == personId).Select(u => db.Companies.Where(c => c.Id == u.CompanyId).Select(c => c.TimeZoneId).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var today = LocalDates.Of(clock.GetUtcNow(), TimeZones.Find(zoneId));
        var rows = await (from i in db.Set<SurveyInvitation>().AsNoTracking()
                          join w in db.Set<SurveyWave>() on i.WaveId equals w.Id
                          join c in db.Set<SurveyCampaign>() on w.CampaignId equals c.Id
                          join q in db.Set<Questionnaire>() on c.QuestionnaireId equals q.Id
                          where i.PersonId == personId && i.ProtectedToken != null && w.Opens <= today && w.Closes >= today
                          orderby w.Closes
                          select new { c.Name, c.Anonymous, q.TitleRu, q.TitleEn, w.Closes, i.Answered, i.ProtectedToken }).ToListAsync(ct);
        return [.. rows.Select(r => new MySurvey(r.Name.Length > 0 ? r.Name : culture == "en" ? r.TitleEn : r.TitleRu, r.Closes, r.Answered, r.Anonymous,
            $"/s/{links.Unprotect(r.ProtectedToken!)}"))];
    }

    /// <summary>Each active client company's zone.</summary>
    private async Task<Dictionary<Guid, TimeZoneInfo>> ZonesAsync(CancellationToken ct) =>
        (await db.Companies.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.TimeZoneId }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => TimeZones.Find(c.TimeZoneId));

    /// <summary>Delivers a survey email no earlier than the send hour of that day in the recipient's zone (at once when it has passed).</summary>
    private void HoldUntilSendHour(IReadOnlyList<OutboxMessage> mail, DateOnly day, TimeZoneInfo zone, DateTimeOffset now)
    {
        var at = LocalDates.StartOf(day, zone).AddHours(Math.Clamp(options.Value.SendHour, 0, 23));
        foreach (var message in mail)
        {
            message.NextAttemptAt = at > now ? at : now;
        }
    }

    private static string DateText(DateOnly date, string culture) =>
        date.ToString(culture.StartsWith("en", StringComparison.Ordinal) ? "d MMM yyyy" : "dd.MM.yyyy", System.Globalization.CultureInfo.GetCultureInfo(culture));

    private static string Title(Questionnaire questionnaire, SurveyCampaign campaign, string culture) =>
        campaign.Name.Length > 0 ? campaign.Name : culture.StartsWith("en", StringComparison.Ordinal) ? questionnaire.TitleEn : questionnaire.TitleRu;

    /// <summary>The absolute address of a survey link.</summary>
    public string LinkFor(string token)
    {
        var configured = options.Value.PublicBaseUrl;
        // Configured, else the request being served, else (the scheduler has no request) the first address this server listens on.
        var baseUrl = configured is { Length: > 0 } ? configured.TrimEnd('/')
            : http.HttpContext?.Request is { } request ? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/')
            : server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
                .Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal) ?? "http://localhost";
        return $"{baseUrl}/s/{token}";
    }
}

/// <summary>A survey link's token: 256 random bits. The database keeps two different hashes of it, never the token.</summary>
public static class SurveyTokens
{
    public static string New() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The invitation's hash: finds whom the link was sent to.</summary>
    public static string InvitationHash(string token) => Hash("invitation:" + token);

    /// <summary>The response's hash: finds the answers again, and cannot be matched to the invitation's without the token.</summary>
    public static string ResponseKey(string token) => Hash("response:" + token);

    public static bool LooksValid(string? token) => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
