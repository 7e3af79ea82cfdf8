using MimeKit;
using OneWindow.Core.Interaction;

namespace OneWindow.Web.Features.Interaction;

/// <summary>A catalogue format as the administrator writes it.</summary>
public sealed record FormatInput(
    [property: Required, MaxLength(64)] string? Key,
    [property: Required] InteractionKind? Kind,
    [property: Required, MaxLength(200)] string? NameRu,
    [property: Required, MaxLength(200)] string? NameEn,
    [property: MaxLength(2000)] string? DescriptionRu,
    [property: MaxLength(2000)] string? DescriptionEn,
    IReadOnlyList<InteractionFrequency>? AllowedFrequencies,
    IReadOnlyList<InteractionChannel>? AllowedChannels,
    bool? IsActive = null,
    int? SortOrder = null);

/// <summary>
/// A company's choice of one format: how often, on which day (working day N of the period's first month, or a first date
/// for weekly items), how, to whom and in which language.
/// </summary>
public sealed record ItemInput(
    [property: Required] Guid? FormatId,
    [property: Required] InteractionFrequency? Frequency,
    [property: Required] InteractionChannel? Channel,
    int? WorkingDay = null,
    DateOnly? FirstDate = null,
    int? IntervalWeeks = null,
    TimeOnly? MeetingTime = null,
    int? MeetingMinutes = null,
    IReadOnlyList<string>? Recipients = null,
    [property: MaxLength(8)] string? Culture = null,
    [property: MaxLength(1000)] string? Note = null);

/// <summary>
/// The interaction menu's one write path (API and pages): the administrator keeps the catalogue; a client company's
/// executive chooses, changes and ends its items and accepts or declines the CSM's proposals; the CSM (or an
/// administrator) proposes. Which companies a person reaches is the tenancy scope's answer: another company's items are
/// not found.
/// </summary>
public sealed class InteractionDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const int MaxRecipients = 20;

    public static bool CanKeepCatalogue(CurrentActor actor) => actor is { Kind: ActorKind.Person, IsClient: false } && actor.Principal.IsInRole(Roles.Admin);

    /// <summary>The company's executive: chooses and changes the company's menu.</summary>
    public static bool CanChoose(CurrentActor actor, Guid companyId) =>
        actor is { Kind: ActorKind.Person } && actor.CompanyId == companyId && actor.Principal.IsInRole(Roles.ClientExecutive);

    /// <summary>SSC people who may propose items (at companies in their scope).</summary>
    public static bool CanPropose(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false } && (actor.Principal.IsInRole(Roles.ClientSuccessManager) || actor.Principal.IsInRole(Roles.Admin));

    // ---- Catalogue ------------------------------------------------------------------------------------------------

    public async Task<DeskResult> CreateFormatAsync(FormatInput input, CancellationToken ct)
    {
        if (!CanKeepCatalogue(actor))
        {
            return DeskResult.Refused("Only an administrator keeps the interaction catalogue.");
        }

        var errors = CheckFormat(input);
        if (input.Key is { } key && await db.Set<InteractionFormat>().AnyAsync(f => f.Key == key.Trim(), ct))
        {
            errors.TryAdd("key", ["A format with this key exists."]);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var format = new InteractionFormat { Key = input.Key!.Trim(), NameRu = "", NameEn = "" };
        Apply(format, input);
        db.Set<InteractionFormat>().Add(format);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(format.Id);
    }

    public async Task<DeskResult> ChangeFormatAsync(InteractionFormat format, FormatInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!CanKeepCatalogue(actor))
        {
            return DeskResult.Refused("Only an administrator keeps the interaction catalogue.");
        }

        var errors = CheckFormat(input);
        if (input.Key is { } key && key.Trim() != format.Key && await db.Set<InteractionFormat>().AnyAsync(f => f.Key == key.Trim(), ct))
        {
            errors.TryAdd("key", ["A format with this key exists."]);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        format.Key = input.Key!.Trim();
        Apply(format, input);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(format.Id);
    }

    private static void Apply(InteractionFormat format, FormatInput input)
    {
        format.Kind = input.Kind!.Value;
        format.NameRu = input.NameRu!.Trim();
        format.NameEn = input.NameEn!.Trim();
        format.DescriptionRu = string.IsNullOrWhiteSpace(input.DescriptionRu) ? null : input.DescriptionRu.Trim();
        format.DescriptionEn = string.IsNullOrWhiteSpace(input.DescriptionEn) ? null : input.DescriptionEn.Trim();
        format.AllowedFrequencies = InteractionSets.Join(input.AllowedFrequencies!);
        format.AllowedChannels = InteractionSets.Join(input.AllowedChannels!);
        format.IsActive = input.IsActive ?? true;
        format.SortOrder = input.SortOrder ?? format.SortOrder;
    }

    private static Dictionary<string, string[]> CheckFormat(FormatInput input)
    {
        var errors = Annotations.Check(input);
        if (input.Key is { } key && !Regex.IsMatch(key.Trim(), "^[a-z0-9][a-z0-9-]{0,63}$"))
        {
            errors.TryAdd("key", ["The key is lower-case letters, digits and hyphens."]);
        }

        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors.TryAdd("kind", ["Unknown kind."]);
        }

        if (input.AllowedFrequencies is not { Count: > 0 } frequencies || frequencies.Any(f => !Enum.IsDefined(f)))
        {
            errors.TryAdd("allowedFrequencies", ["Name at least one frequency the format allows."]);
        }
        else if (input.Kind == InteractionKind.SlaReport && frequencies.Any(f => f is not (InteractionFrequency.Monthly or InteractionFrequency.Quarterly or InteractionFrequency.Yearly)))
        {
            errors.TryAdd("allowedFrequencies", ["A report goes out monthly, quarterly or yearly (for the period before)."]);
        }

        if (input.AllowedChannels is not { Count: > 0 } channels || channels.Any(c => !Enum.IsDefined(c)))
        {
            errors.TryAdd("allowedChannels", ["Name at least one channel the format allows."]);
        }
        else if (input.Kind == InteractionKind.SlaReport && channels.Any(c => c is not (InteractionChannel.EmailPdf or InteractionChannel.EmailXlsx)))
        {
            errors.TryAdd("allowedChannels", ["A report is emailed as PDF or XLSX."]);
        }

        return errors;
    }

    // ---- A company's menu -----------------------------------------------------------------------------------------

    /// <summary>
    /// Adds an item to the company's menu: chosen (in force at once) when the company's executive adds it, proposed when
    /// the CSM or an administrator does (the executive then accepts or declines it).
    /// </summary>
    public async Task<DeskResult> AddAsync(Guid companyId, ItemInput input, CancellationToken ct)
    {
        // Tenancy first: a company out of scope is not found, whoever asks.
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Missing;
        }

        var choosing = CanChoose(actor, companyId);
        if (!choosing && !CanPropose(actor))
        {
            return DeskResult.Refused("The company's executive chooses its menu; the CSM may propose items.");
        }

        var (errors, format) = await CheckItemAsync(input, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var item = new CompanyInteraction { CompanyId = companyId, FormatId = format!.Id };
        Apply(item, input);
        if (choosing)
        {
            item.Status = InteractionStatus.Active;
            item.ChosenById = actor.UserId;
            item.ChosenAt = clock.GetUtcNow();
        }
        else
        {
            item.Status = InteractionStatus.Proposed;
            item.ProposedById = actor.UserId;
        }

        db.Set<CompanyInteraction>().Add(item);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>Changes an item: the executive changes anything of it; the proposer may still edit a proposal not yet answered.</summary>
    public async Task<DeskResult> ChangeAsync(CompanyInteraction item, ItemInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var choosing = CanChoose(actor, item.CompanyId);
        if (!choosing && !(CanPropose(actor) && item.Status == InteractionStatus.Proposed))
        {
            return DeskResult.Refused("The company's executive changes its menu; the CSM may edit a proposal not yet answered.");
        }

        if (item.Status is InteractionStatus.Ended or InteractionStatus.Declined)
        {
            return DeskResult.Clash("The item has ended; choose it again.");
        }

        var (errors, format) = await CheckItemAsync(input, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        item.FormatId = format!.Id;
        Apply(item, input);
        if (choosing && item.Status == InteractionStatus.Active)
        {
            item.ChosenById = actor.UserId;
            item.ChosenAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>The executive accepts a proposal: it is in force from now.</summary>
    public Task<DeskResult> AcceptAsync(CompanyInteraction item, CancellationToken ct) => AnswerAsync(item, InteractionStatus.Active, ct);

    public Task<DeskResult> DeclineAsync(CompanyInteraction item, CancellationToken ct) => AnswerAsync(item, InteractionStatus.Declined, ct);

    private async Task<DeskResult> AnswerAsync(CompanyInteraction item, InteractionStatus answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!CanChoose(actor, item.CompanyId))
        {
            return DeskResult.Refused("Only the company's executive answers a proposal.");
        }

        if (item.Status != InteractionStatus.Proposed)
        {
            return DeskResult.Clash("The item is not a proposal waiting for an answer.");
        }

        item.Status = answer;
        if (answer == InteractionStatus.Active)
        {
            item.ChosenById = actor.UserId;
            item.ChosenAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>Ends an item (the executive), or withdraws a proposal (its proposer or the executive). Its deliveries stay in the log.</summary>
    public async Task<DeskResult> EndAsync(CompanyInteraction item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!CanChoose(actor, item.CompanyId) && !(CanPropose(actor) && item.Status == InteractionStatus.Proposed))
        {
            return DeskResult.Refused("The company's executive ends items of its menu.");
        }

        item.Status = item.Status == InteractionStatus.Proposed ? InteractionStatus.Declined : InteractionStatus.Ended;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    private void Apply(CompanyInteraction item, ItemInput input)
    {
        item.Frequency = input.Frequency!.Value;
        item.Channel = input.Channel!.Value;
        var periodic = InteractionSchedule.IsPeriodic(item.Frequency);
        var weekly = InteractionSchedule.IsWeekly(item.Frequency);
        item.WorkingDay = periodic ? input.WorkingDay : null;
        item.FirstDate = weekly || periodic ? input.FirstDate : null;
        item.IntervalWeeks = item.Frequency == InteractionFrequency.EveryNWeeks ? input.IntervalWeeks : null;
        item.MeetingTime = item.Channel == InteractionChannel.Meeting ? input.MeetingTime ?? new TimeOnly(10, 0) : null;
        item.MeetingMinutes = item.Channel == InteractionChannel.Meeting ? input.MeetingMinutes ?? 60 : null;
        item.Recipients = string.Join(",", Addresses(input.Recipients));
        // Russian unless English is asked for: the client's business language by default.
        item.Culture = input.Culture is "en" ? "en" : "ru";
        item.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }

    private static IEnumerable<string> Addresses(IReadOnlyList<string>? recipients) =>
        (recipients ?? []).SelectMany(r => (r ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);

    private async Task<(Dictionary<string, string[]> Errors, InteractionFormat? Format)> CheckItemAsync(ItemInput input, CancellationToken ct)
    {
        var errors = Annotations.Check(input);
        var format = input.FormatId is { } id ? await db.Set<InteractionFormat>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.IsActive, ct) : null;
        if (input.FormatId is not null && format is null)
        {
            errors.TryAdd("formatId", ["No such format in the catalogue."]);
        }

        if (format is not null && input.Frequency is { } frequency && !InteractionSets.Frequencies(format.AllowedFrequencies).Contains(frequency))
        {
            errors.TryAdd("frequency", [$"The format allows {format.AllowedFrequencies.Replace(",", ", ", StringComparison.Ordinal)}."]);
        }

        if (format is not null && input.Channel is { } channel && !InteractionSets.Channels(format.AllowedChannels).Contains(channel))
        {
            errors.TryAdd("channel", [$"The format allows {format.AllowedChannels.Replace(",", ", ", StringComparison.Ordinal)}."]);
        }

        if (input.Frequency is { } f && InteractionSchedule.IsPeriodic(f) && input.WorkingDay is not (>= 1 and <= 20))
        {
            errors.TryAdd("workingDay", ["Working day 1 to 20 of the period's first month."]);
        }

        if (input.Frequency is { } w && InteractionSchedule.IsWeekly(w) && input.FirstDate is null)
        {
            errors.TryAdd("firstDate", ["The first date is required for a weekly item."]);
        }

        if (input.Frequency == InteractionFrequency.EveryNWeeks && input.IntervalWeeks is not (>= 1 and <= 12))
        {
            errors.TryAdd("intervalWeeks", ["Every 1 to 12 weeks."]);
        }

        if (input.MeetingMinutes is not null and not (>= 15 and <= 480))
        {
            errors.TryAdd("meetingMinutes", ["A meeting lasts 15 to 480 minutes."]);
        }

        var addresses = Addresses(input.Recipients).ToList();
        if (addresses.Count > MaxRecipients)
        {
            errors.TryAdd("recipients", [$"At most {MaxRecipients} recipients."]);
        }
        else if (addresses.FirstOrDefault(a => a.Length > 320 || !MailboxAddress.TryParse(a, out var m) || !m.Address.Contains('@', StringComparison.Ordinal)) is { } bad)
        {
            errors.TryAdd("recipients", [$"'{bad}' is not an email address."]);
        }

        if (input.Culture is not null and not ("ru" or "en"))
        {
            errors.TryAdd("culture", ["ru or en."]);
        }

        return (errors, format);
    }
}

/// <summary>The catalogue's allowed sets, stored as comma-separated enum names.</summary>
public static class InteractionSets
{
    public static string Join<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join(",", values.Distinct().Order().Select(v => v.ToString()));

    public static IReadOnlyList<InteractionFrequency> Frequencies(string text) => Parse<InteractionFrequency>(text);

    public static IReadOnlyList<InteractionChannel> Channels(string text) => Parse<InteractionChannel>(text);

    private static List<T> Parse<T>(string text)
        where T : struct, Enum =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Enum.TryParse<T>(s, out var v) ? (T?)v : null)
            .Where(v => v is not null).Select(v => v!.Value)];
}
