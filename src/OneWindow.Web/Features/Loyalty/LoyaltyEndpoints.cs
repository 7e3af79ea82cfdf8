using Microsoft.AspNetCore.Authorization;

namespace OneWindow.Web.Features.Loyalty;

public sealed record LoyaltyEntryDto(Guid Id, DateTimeOffset At, int Points, LoyaltyKind Kind, Guid? SourceId, Guid? ReversesEntryId, string? Note);

public sealed record LoyaltyMeDto(int Balance, IReadOnlyList<LoyaltyEntryDto> Entries);

public sealed record RewardDto(Guid Id, string NameRu, string NameEn, string? Description, int Cost, int Stock, bool Active, int Version);

public sealed record RewardInput(string? NameRu, string? NameEn, string? Description, int? Cost, int? Stock, bool? Active);

public sealed record RedemptionDto(Guid Id, Guid PersonId, string? PersonName, Guid RewardId, string RewardName, int Cost, RedemptionStatus Status,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecidedByName, string? Note);

public sealed record RedeemInput(Guid? RewardId);

public sealed record RejectInput(string? Note);

public sealed record LeaderboardDto(string Period, string By, IReadOnlyList<LeaderRow> Rows);

public sealed record LoyaltyRuleDto(LoyaltyKind Kind, int Points, int CapPoints, PeriodUnit CapPeriod);

public sealed record LoyaltyRuleInput(int? Points, int? CapPoints, PeriodUnit? CapPeriod);

/// <summary>/api/v1/loyalty: balance and history, leaderboards, the reward catalogue, redemptions, earning rules.</summary>
public static class LoyaltyEndpoints
{
    public static RouteGroupBuilder MapLoyaltyEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/loyalty").WithTags("Loyalty");
        g.MapGet("/me", MeAsync).WithName("LoyaltyMe");
        g.MapGet("/leaderboard", LeaderboardAsync).WithName("LoyaltyLeaderboard");
        g.MapGet("/rules", RulesAsync).WithName("ListLoyaltyRules");
        g.MapPut("/rules/{kind}", PutRuleAsync).WithName("PutLoyaltyRule").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapGet("/rewards", RewardsAsync).WithName("ListRewards");
        g.MapGet("/rewards/{id:guid}", RewardAsync).WithName("GetReward");
        g.MapPost("/rewards", CreateRewardAsync).WithName("CreateReward").RequireAuthorization(Policies.QualityOrAdmin).AddEndpointFilter<IdempotencyFilter>();
        g.MapPut("/rewards/{id:guid}", UpdateRewardAsync).WithName("UpdateReward").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapGet("/redemptions", RedemptionsAsync).WithName("ListRedemptions");
        // A retried request with the same Idempotency-Key debits once.
        g.MapPost("/redemptions", RedeemAsync).WithName("Redeem").AddEndpointFilter<IdempotencyFilter>();
        g.MapPost("/redemptions/{id:guid}/approve", ApproveAsync).WithName("ApproveRedemption").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapPost("/redemptions/{id:guid}/reject", RejectAsync).WithName("RejectRedemption").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapLoyaltyCorrections();
        return api;
    }

    internal static LoyaltyEntryDto ToDto(LoyaltyEntry e) => new(e.Id, e.At, e.Points, e.Kind, e.SourceId, e.ReversesEntryId, e.Note);

    internal static RewardDto ToDto(Reward r) => new(r.Id, r.NameRu, r.NameEn, r.Description, r.Cost, r.Stock, r.Active, r.Version);

    /// <summary>A person's balance and latest 200 entries, newest first.</summary>
    internal static async Task<LoyaltyMeDto> MineAsync(AppDbContext db, Guid personId, CancellationToken ct)
    {
        var balance = await db.Set<LoyaltyAccount>().AsNoTracking().Where(a => a.PersonId == personId).Select(a => a.Earned - a.Spent).FirstOrDefaultAsync(ct);
        var entries = await db.Set<LoyaltyEntry>().AsNoTracking().Where(e => e.PersonId == personId).OrderByDescending(e => e.At).Take(200).ToListAsync(ct);
        return new LoyaltyMeDto(balance, [.. entries.Select(ToDto)]);
    }

    private static async Task<Ok<LoyaltyMeDto>> MeAsync(AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await MineAsync(db, actor.UserId ?? Guid.Empty, ct));

    private static async Task<Results<Ok<LeaderboardDto>, ValidationProblem>> LeaderboardAsync(string? period, string? by, LoyaltyBook book, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var chosen = await book.CurrentPeriodAsync(PeriodUnit.Month, ct);
        if (!string.IsNullOrWhiteSpace(period) && !ReportPeriod.TryParse(period, out chosen))
        {
            errors["period"] = ["Use 2026-11, 2026-Q4 or 2026."];
        }

        var byCompany = by?.Trim().ToLowerInvariant() switch
        {
            null or "" or "person" => false,
            "company" => true,
            _ => (bool?)null,
        };
        if (byCompany is null)
        {
            errors["by"] = ["Use person or company."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var rows = await book.LeaderboardAsync(chosen, byCompany!.Value, ct);
        return TypedResults.Ok(new LeaderboardDto(chosen.Key, byCompany.Value ? "company" : "person", rows));
    }

    private static async Task<Ok<List<LoyaltyRuleDto>>> RulesAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await LoyaltyBook.RulesAsync(db, ct)).Values.OrderBy(r => r.Kind).Select(r => new LoyaltyRuleDto(r.Kind, r.Points, r.CapPoints, r.CapPeriod)).ToList());

    private static async Task<Results<Ok<LoyaltyRuleDto>, ValidationProblem, ProblemHttpResult>> PutRuleAsync(string kind, LoyaltyRuleInput input, RewardsDesk desk,
        CancellationToken ct)
    {
        if (!Enum.TryParse<LoyaltyKind>(kind, true, out var k))
        {
            return Api.NotFound("loyalty rule");
        }

        var result = await desk.SaveRuleAsync(k, input, ct);
        return result.Outcome switch
        {
            DeskOutcome.Done => TypedResults.Ok(new LoyaltyRuleDto(k, input.Points!.Value, input.CapPoints!.Value, input.CapPeriod ?? PeriodUnit.Month)),
            DeskOutcome.Invalid => Api.Invalid(result.Errors!),
            _ => Api.Problem(result, "loyalty rule"),
        };
    }

    private static async Task<Ok<List<RewardDto>>> RewardsAsync(AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        // Clients see what they can ask for; the quality manager sees retired rewards too.
        var query = db.Set<Reward>().AsNoTracking();
        if (actor.IsClient)
        {
            query = query.Where(r => r.Active);
        }

        var rows = await query.OrderBy(r => r.Cost).ThenBy(r => r.NameRu).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    private static async Task<Results<Ok<RewardDto>, ProblemHttpResult>> RewardAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var r = await db.Set<Reward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (r is null)
        {
            return Api.NotFound("reward");
        }

        Api.SetETag(http, r.Version);
        return TypedResults.Ok(ToDto(r));
    }

    private static async Task<Results<Created<RewardDto>, ValidationProblem>> CreateRewardAsync(RewardInput input, RewardsDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateRewardAsync(input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        // The desk's context is this request's: the new row is still tracked.
        var r = (await db.Set<Reward>().FindAsync([result.Id], ct))!;
        return TypedResults.Created($"/api/v1/loyalty/rewards/{r.Id}", ToDto(r));
    }

    private static async Task<Results<Ok<RewardDto>, ValidationProblem, ProblemHttpResult>> UpdateRewardAsync(Guid id, RewardInput input, RewardsDesk desk, AppDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var change = await db.Set<Reward>().FindForChangeAsync(id, http, "reward", ct);
        if (change.Failed)
        {
            return change.Problem;
        }

        var result = await desk.UpdateRewardAsync(change.Entity, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "reward");
        }

        Api.SetETag(http, change.Entity.Version);
        return TypedResults.Ok(ToDto(change.Entity));
    }

    /// <summary>Clients see their own requests; the quality manager sees everyone's (pending first).</summary>
    internal static async Task<List<RedemptionDto>> ListRedemptionsAsync(AppDbContext db, CurrentActor actor, bool english, RedemptionStatus? status, CancellationToken ct)
    {
        var query = db.Set<Redemption>().AsNoTracking();
        if (actor.IsClient)
        {
            var me = actor.UserId ?? Guid.Empty;
            query = query.Where(r => r.PersonId == me);
        }

        query = status is { } s ? query.Where(r => r.Status == s) : query;

        var rows = await query.OrderBy(r => r.Status).ThenByDescending(r => r.RequestedAt).Take(500).ToListAsync(ct);
        var people = rows.Select(r => r.PersonId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var rewardIds = rows.Select(r => r.RewardId).Distinct().ToList();
        var rewards = await db.Set<Reward>().AsNoTracking().Where(r => rewardIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return [.. rows.Select(r => new RedemptionDto(r.Id, r.PersonId, names.GetValueOrDefault(r.PersonId), r.RewardId,
            rewards.TryGetValue(r.RewardId, out var rw) ? rw.Name(english) : "", r.Cost, r.Status, r.RequestedAt, r.DecidedAt, r.DecidedByName, r.Note))];
    }

    /// <summary>A client person sees their own requests; on the SSC side only those who decide them (quality, admin) see everyone's.</summary>
    private static async Task<Results<Ok<List<RedemptionDto>>, ProblemHttpResult>> RedemptionsAsync(RedemptionStatus? status, AppDbContext db, CurrentActor actor,
        IAuthorizationService authorization, CancellationToken ct) =>
        actor.IsClient || (await authorization.AuthorizeAsync(actor.Principal, Policies.QualityOrAdmin)).Succeeded
            ? TypedResults.Ok(await ListRedemptionsAsync(db, actor, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en", status, ct))
            : TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: "Only the quality manager and administrators see everyone's redemptions.");

    internal static ProblemHttpResult Problem(LoyaltyOutcome outcome) => outcome switch
    {
        LoyaltyOutcome.NotFound => Api.NotFound("reward or redemption"),
        LoyaltyOutcome.NotEnoughPoints => Api.Conflict("Not enough points for this reward."),
        LoyaltyOutcome.OutOfStock => Api.Conflict("This reward is out of stock."),
        LoyaltyOutcome.AlreadyDecided => Api.Conflict("This request has already been decided."),
        _ => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: "Only client users collect and spend points."),
    };

    private static async Task<Results<Created<RedemptionDto>, ValidationProblem, ProblemHttpResult>> RedeemAsync(RedeemInput input, LoyaltyBook book, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        if (input.RewardId is not { } rewardId || rewardId == Guid.Empty)
        {
            return Api.Invalid("rewardId", "Choose a reward.");
        }

        var result = await book.RedeemAsync(rewardId, ct);
        if (result.Outcome != LoyaltyOutcome.Done)
        {
            return Problem(result.Outcome);
        }

        var dto = (await ListRedemptionsAsync(db, actor, false, null, ct)).First(r => r.Id == result.Id);
        return TypedResults.Created($"/api/v1/loyalty/redemptions/{result.Id}", dto);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ApproveAsync(Guid id, LoyaltyBook book, CancellationToken ct)
    {
        var result = await book.ApproveAsync(id, ct);
        return result.Outcome == LoyaltyOutcome.Done ? TypedResults.NoContent() : Problem(result.Outcome);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RejectAsync(Guid id, RejectInput? input, LoyaltyBook book, CancellationToken ct)
    {
        if (input?.Note is { Length: > 1000 })
        {
            return Api.Invalid("note", "At most 1000 characters.");
        }

        var result = await book.RejectAsync(id, input?.Note, ct);
        return result.Outcome == LoyaltyOutcome.Done ? TypedResults.NoContent() : Problem(result.Outcome);
    }
}
