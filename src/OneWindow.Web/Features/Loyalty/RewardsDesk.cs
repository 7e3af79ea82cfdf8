namespace OneWindow.Web.Features.Loyalty;

/// <summary>The quality manager's reward catalogue and earning rules: one write path for the API and the rewards page.</summary>
public sealed class RewardsDesk(AppDbContext db)
{
    public const string Stale = "The reward changed meanwhile (a unit was taken or returned). Fetch it again.";

    public async Task<DeskResult> CreateRewardAsync(RewardInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(Validate(input)) is { } invalid)
        {
            return invalid;
        }

        var reward = new Reward { NameRu = "", NameEn = "" };
        Apply(reward, input);
        db.Set<Reward>().Add(reward);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(reward.Id);
    }

    /// <summary>Changes a reward the caller loaded (the API under If-Match, the page at the version it showed).</summary>
    public async Task<DeskResult> UpdateRewardAsync(Reward reward, RewardInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(Validate(input)) is { } invalid)
        {
            return invalid;
        }

        Apply(reward, input);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A redemption held or returned a unit meanwhile: the stock the caller saw is stale.
            return DeskResult.Clash(Stale);
        }

        return DeskResult.Ok(reward.Id);
    }

    /// <summary>Sets how many points a kind earns and its cap; a kind never edited is stored on its first change.</summary>
    public async Task<DeskResult> SaveRuleAsync(LoyaltyKind kind, LoyaltyRuleInput input, CancellationToken ct)
    {
        if (!LoyaltyRule.RuleKinds.Contains(kind))
        {
            return DeskResult.Missing;
        }

        var errors = new Dictionary<string, string[]>();
        if (input.Points is not (>= 0 and <= 10000))
        {
            errors["points"] = ["Points must be 0..10000."];
        }

        if (input.CapPoints is not (>= 0 and <= 1000000))
        {
            errors["capPoints"] = ["The cap must be 0 (none) or more."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var rule = await db.Set<LoyaltyRule>().FirstOrDefaultAsync(r => r.Kind == kind, ct);
        if (rule is null)
        {
            rule = new LoyaltyRule { Kind = kind };
            db.Set<LoyaltyRule>().Add(rule);
        }

        rule.Points = input.Points!.Value;
        rule.CapPoints = input.CapPoints!.Value;
        rule.CapPeriod = input.CapPeriod ?? PeriodUnit.Month;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(rule.Id);
    }

    private static Dictionary<string, string[]> Validate(RewardInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.NameRu) || input.NameRu.Length > 200)
        {
            errors["nameRu"] = ["A Russian name of up to 200 characters is required."];
        }

        if (string.IsNullOrWhiteSpace(input.NameEn) || input.NameEn.Length > 200)
        {
            errors["nameEn"] = ["An English name of up to 200 characters is required."];
        }

        if (input.Description is { Length: > 2000 })
        {
            errors["description"] = ["At most 2000 characters."];
        }

        if (input.Cost is not (>= 1 and <= 1000000))
        {
            errors["cost"] = ["The cost must be 1..1000000 points."];
        }

        if (input.Stock is not (>= 0 and <= 1000000))
        {
            errors["stock"] = ["Stock must be 0..1000000."];
        }

        return errors;
    }

    private static void Apply(Reward r, RewardInput input)
    {
        r.NameRu = input.NameRu!.Trim();
        r.NameEn = input.NameEn!.Trim();
        r.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        r.Cost = input.Cost!.Value;
        r.Stock = input.Stock!.Value;
        r.Active = input.Active ?? true;
    }
}
