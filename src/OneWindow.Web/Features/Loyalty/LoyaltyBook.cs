using OneWindow.Web.Features.Feedback;

namespace OneWindow.Web.Features.Loyalty;

public enum LoyaltyOutcome
{
    Done,
    NotFound,
    NotEnoughPoints,
    OutOfStock,
    NotAClient,
    AlreadyDecided,
    AlreadyReversed,
    NotReversible,
}

public sealed record LoyaltyResult(LoyaltyOutcome Outcome, Guid? Id = null);

public sealed record LeaderRow(int Rank, Guid? Id, string Name, int Points, bool Mine);

/// <summary>
/// The loyalty ledger: credits earnings (inside another feature's save), debits redemptions (in its own transaction),
/// reverses rejected ones, and ranks people and companies per period.
/// </summary>
public sealed partial class LoyaltyBook(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>Rules in force: the stored ones, or the defaults for kinds never edited.</summary>
    public static async Task<Dictionary<LoyaltyKind, LoyaltyRule>> RulesAsync(AppDbContext db, CancellationToken ct)
    {
        var stored = await db.Set<LoyaltyRule>().AsNoTracking().ToListAsync(ct);
        return LoyaltyRule.Defaults().ToDictionary(r => r.Kind, r => stored.FirstOrDefault(s => s.Kind == r.Kind) ?? r);
    }

    /// <summary>Credits a rating's rater: once for the rating, once more for a comment (the top-up). A changed grade earns nothing.</summary>
    internal static async Task CreditRatingAsync(AppDbContext db, Rating rating, bool isNew, DateTimeOffset now, CancellationToken ct)
    {
        var rules = await RulesAsync(db, ct);
        var hasComment = !string.IsNullOrWhiteSpace(rating.Comment);
        if (isNew && !await HasEntryAsync(db, LoyaltyKind.Rating, rating.Id, ct))
        {
            await CreditAsync(db, rules, rating.CompanyId, rating.RaterId, LoyaltyKind.Rating, rating.Id, rules[LoyaltyKind.Rating].Points, now, ct);
        }

        if (hasComment && !await HasEntryAsync(db, LoyaltyKind.RatingComment, rating.Id, ct))
        {
            var topUp = rules[LoyaltyKind.RatingComment].Points - rules[LoyaltyKind.Rating].Points;
            await CreditAsync(db, rules, rating.CompanyId, rating.RaterId, LoyaltyKind.RatingComment, rating.Id, topUp, now, ct);
        }
    }

    internal static async Task CreditReviewAsync(AppDbContext db, Review review, DateTimeOffset now, CancellationToken ct)
    {
        if (!await HasEntryAsync(db, LoyaltyKind.Review, review.Id, ct))
        {
            var rules = await RulesAsync(db, ct);
            await CreditAsync(db, rules, review.CompanyId, review.AuthorId, LoyaltyKind.Review, review.Id, rules[LoyaltyKind.Review].Points, now, ct);
        }
    }

    /// <summary>Credits a completed survey once per invitation (its id is the source, so nothing names an anonymous response). Adds to the context inside the caller's unit of work; the caller saves and commits.</summary>
    internal static async Task CreditSurveyAsync(AppDbContext db, Guid invitationId, Guid companyId, Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        if (!await HasEntryAsync(db, LoyaltyKind.Survey, invitationId, ct))
        {
            var rules = await RulesAsync(db, ct);
            await CreditAsync(db, rules, companyId, personId, LoyaltyKind.Survey, invitationId, rules[LoyaltyKind.Survey].Points, now, ct);
        }
    }

    private static async Task<bool> HasEntryAsync(AppDbContext db, LoyaltyKind kind, Guid sourceId, CancellationToken ct) =>
        db.Set<LoyaltyEntry>().Local.Any(e => e.Kind == kind && e.SourceId == sourceId)
        || await db.Set<LoyaltyEntry>().IgnoreQueryFilters().AnyAsync(e => e.Kind == kind && e.SourceId == sourceId, ct);

    /// <summary>Adds an earning entry, trimmed to what the cap still allows, and the matching balance change to the context.</summary>
    private static async Task CreditAsync(AppDbContext db, Dictionary<LoyaltyKind, LoyaltyRule> rules, Guid companyId, Guid personId, LoyaltyKind kind,
        Guid sourceId, int points, DateTimeOffset now, CancellationToken ct)
    {
        // A rating and its comment top-up count against the rating rule's cap together.
        var capRule = kind == LoyaltyKind.RatingComment ? rules[LoyaltyKind.Rating] : rules[kind];
        LoyaltyKind[] family = kind is LoyaltyKind.Rating or LoyaltyKind.RatingComment ? [LoyaltyKind.Rating, LoyaltyKind.RatingComment] : [kind];
        // Credits for one person are counted one after another: under the lock no other credit for them can commit
        // between this sum and this save, so simultaneous earnings cannot all fit under the same room.
        await LockPersonAsync(db, personId, ct);
        var account = await AccountAsync(db, companyId, personId, ct);
        if (capRule.CapPoints > 0)
        {
            var zone = await TimeZones.ServiceCenterAsync(db, ct);
            var (from, to) = Bounds(ReportPeriod.Of(capRule.CapPeriod, LocalDates.Of(now, zone)), zone);
            var earned = await db.Set<LoyaltyEntry>().IgnoreQueryFilters()
                .Where(e => e.PersonId == personId && family.Contains(e.Kind) && e.At >= from && e.At < to).SumAsync(e => e.Points, ct);
            earned += db.Set<LoyaltyEntry>().Local.Where(e => db.Entry(e).State == EntityState.Added && e.PersonId == personId && family.Contains(e.Kind)).Sum(e => e.Points);
            points = Math.Min(points, capRule.CapPoints - earned);
        }

        if (points <= 0)
        {
            if (db.Entry(account).State == EntityState.Added && account.Earned == 0)
            {
                // Nothing earned: no account opened for it.
                db.Entry(account).State = EntityState.Detached;
            }

            return;
        }

        db.Set<LoyaltyEntry>().Add(new LoyaltyEntry
        {
            CompanyId = companyId, PersonId = personId, At = now, Points = points, Kind = kind, SourceId = sourceId, ByName = "system",
        });
        account.Earned += points;
    }

    /// <summary>
    /// Saves a change that credited points. Two credits for one person at once clash on the account row (its version, or
    /// its unique person on the first credit); the loser re-applies its own credit to the row as it now stands and saves
    /// again, so neither the rating nor the points are lost. The entries themselves never clash.
    /// </summary>
    internal static async Task SaveCreditedAsync(AppDbContext db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            // Each clash means another credit committed; a handful of simultaneous credits for one person settle well within ten.
            catch (DbUpdateException) when (attempt < 10)
            {
                if (!await RebaseAccountsAsync(db, ct))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Moves this context's pending account credits onto the stored rows; false when there was nothing to move.</summary>
    internal static async Task<bool> RebaseAccountsAsync(AppDbContext db, CancellationToken ct)
    {
        // The credit that won the race may have used the room under a cap this context's credits counted on.
        var trimmed = await TrimToCapsAsync(db, ct);
        foreach (var entry in db.ChangeTracker.Entries<LoyaltyAccount>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.Earned -= trimmed.GetValueOrDefault(entry.Entity.PersonId);
        }

        var rebased = false;
        foreach (var entry in db.ChangeTracker.Entries<LoyaltyAccount>().ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    var stored = await db.Set<LoyaltyAccount>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.PersonId == entry.Entity.PersonId, ct);
                    if (stored is null)
                    {
                        continue;
                    }

                    // Someone else opened the account first: credit that one instead.
                    var credit = entry.Entity.Earned;
                    entry.State = EntityState.Detached;
                    var existing = await db.Set<LoyaltyAccount>().IgnoreQueryFilters().FirstAsync(a => a.Id == stored.Id, ct);
                    existing.Earned += credit;
                    rebased = true;
                    break;
                case EntityState.Modified:
                    var current = await entry.GetDatabaseValuesAsync(ct);
                    if (current is null)
                    {
                        continue;
                    }

                    var delta = entry.Entity.Earned - (int)entry.OriginalValues[nameof(LoyaltyAccount.Earned)]!;
                    entry.OriginalValues.SetValues(current);
                    entry.CurrentValues.SetValues(current);
                    entry.Entity.Earned += delta;
                    rebased = true;
                    break;
            }
        }

        return rebased;
    }

    /// <summary>
    /// Re-checks this context's pending earnings against their caps as the ledger now stands and trims them (dropping
    /// those with no room left); answers how many points each person lost.
    /// </summary>
    private static async Task<Dictionary<Guid, int>> TrimToCapsAsync(AppDbContext db, CancellationToken ct)
    {
        var cut = new Dictionary<Guid, int>();
        var pending = db.ChangeTracker.Entries<LoyaltyEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Points > 0 && e.Entity.Kind is LoyaltyKind.Rating or LoyaltyKind.RatingComment or LoyaltyKind.Review or LoyaltyKind.Survey)
            .OrderBy(e => e.Entity.At).ToList();
        if (pending.Count == 0)
        {
            return cut;
        }

        var rules = await RulesAsync(db, ct);
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var counted = new Dictionary<(Guid Person, LoyaltyKind Cap), int>();
        foreach (var row in pending)
        {
            var entry = row.Entity;
            var capKind = entry.Kind == LoyaltyKind.RatingComment ? LoyaltyKind.Rating : entry.Kind;
            var rule = rules[capKind];
            if (rule.CapPoints <= 0)
            {
                continue;
            }

            LoyaltyKind[] family = capKind == LoyaltyKind.Rating ? [LoyaltyKind.Rating, LoyaltyKind.RatingComment] : [capKind];
            var (from, to) = Bounds(ReportPeriod.Of(rule.CapPeriod, LocalDates.Of(entry.At, zone)), zone);
            var stored = await db.Set<LoyaltyEntry>().IgnoreQueryFilters()
                .Where(e => e.PersonId == entry.PersonId && family.Contains(e.Kind) && e.At >= from && e.At < to).SumAsync(e => e.Points, ct);
            var before = counted.GetValueOrDefault((entry.PersonId, capKind));
            var allowed = Math.Clamp(rule.CapPoints - stored - before, 0, entry.Points);
            if (allowed < entry.Points)
            {
                cut[entry.PersonId] = cut.GetValueOrDefault(entry.PersonId) + entry.Points - allowed;
                if (allowed == 0)
                {
                    row.State = EntityState.Detached;
                }
                else
                {
                    entry.Points = allowed;
                }
            }

            counted[(entry.PersonId, capKind)] = before + allowed;
        }

        return cut;
    }

    /// <summary>
    /// Holds the person's credit lock until the surrounding transaction ends. On PostgreSQL a transaction-scoped advisory
    /// lock on the person (it works before their account row exists); on SQLite the transaction itself began with the
    /// database's write lock (BEGIN IMMEDIATE), which already serialises every writer.
    /// </summary>
    private static async Task LockPersonAsync(AppDbContext db, Guid personId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            // Without a transaction the lock would end with its own statement and guard nothing.
            throw new InvalidOperationException("Loyalty credits are added inside a unit of work that commits them.");
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({personId.ToString()}, 0))", ct);
        }
    }

    /// <summary>The person's account, tracked (created when they first earn).</summary>
    private static async Task<LoyaltyAccount> AccountAsync(AppDbContext db, Guid companyId, Guid personId, CancellationToken ct)
    {
        var account = db.Set<LoyaltyAccount>().Local.FirstOrDefault(a => a.PersonId == personId)
            ?? await db.Set<LoyaltyAccount>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.PersonId == personId, ct);
        if (account is null)
        {
            account = new LoyaltyAccount { CompanyId = companyId, PersonId = personId };
            db.Set<LoyaltyAccount>().Add(account);
        }

        return account;
    }

    /// <summary>
    /// Debits the reward's cost and holds one unit, or neither. Both are conditional UPDATEs (balance ≥ cost, stock &gt; 0)
    /// checked by rows affected, so concurrent requests cannot overspend on PostgreSQL (row locks, re-checked predicate)
    /// or on SQLite (the transaction takes the write lock first).
    /// </summary>
    public async Task<LoyaltyResult> RedeemAsync(Guid rewardId, CancellationToken ct)
    {
        if (actor.UserId is not { } personId || actor.CompanyId is not { } companyId)
        {
            return new(LoyaltyOutcome.NotAClient);
        }

        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginUnitOfWorkAsync(ct);
            var reward = await db.Set<Reward>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rewardId && r.Active, ct);
            if (reward is null)
            {
                return new LoyaltyResult(LoyaltyOutcome.NotFound);
            }

            var cost = reward.Cost;
            if (!await TryDebitAsync(personId, cost, now, ct))
            {
                await tx.RollbackAsync(ct);
                return new LoyaltyResult(LoyaltyOutcome.NotEnoughPoints);
            }

            if (await MoveStockAsync(db.Set<Reward>().Where(r => r.Id == rewardId && r.Active && r.Stock > 0), -1, now, ct) == 0)
            {
                await tx.RollbackAsync(ct);
                return new LoyaltyResult(LoyaltyOutcome.OutOfStock);
            }

            var redemption = new Redemption { CompanyId = companyId, PersonId = personId, RewardId = rewardId, Cost = cost, RequestedAt = now };
            db.Set<Redemption>().Add(redemption);
            db.Set<LoyaltyEntry>().Add(new LoyaltyEntry
            {
                CompanyId = companyId, PersonId = personId, At = now, Points = -cost, Kind = LoyaltyKind.Redemption, SourceId = redemption.Id,
                Note = reward.NameRu, ByName = actor.Name,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new LoyaltyResult(LoyaltyOutcome.Done, redemption.Id);
        });
    }

    /// <summary>Takes <paramref name="amount"/> from the balance only if it covers it, in the UPDATE itself; false when it does not.</summary>
    private async Task<bool> TryDebitAsync(Guid personId, int amount, DateTimeOffset now, CancellationToken ct) =>
        await db.Set<LoyaltyAccount>()
            .Where(a => a.PersonId == personId && a.Earned - a.Spent >= amount)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Spent, a => a.Spent + amount).SetProperty(a => a.UpdatedAt, now), ct) > 0;

    /// <summary>Holds (−1) or returns (+1) a unit of the rewards matched, moving their row version as an edit would; the rows changed.</summary>
    private static Task<int> MoveStockAsync(IQueryable<Reward> rewards, int units, DateTimeOffset now, CancellationToken ct) =>
        rewards.ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, r => r.Stock + units).SetProperty(r => r.Version, r => r.Version + 1).SetProperty(r => r.UpdatedAt, now), ct);

    /// <summary>The reward was handed out.</summary>
    public Task<LoyaltyResult> ApproveAsync(Guid redemptionId, CancellationToken ct) => DecideAsync(redemptionId, RedemptionStatus.Done, null, ct);

    /// <summary>Rejects a pending request: a reversal entry gives the points back and the held unit returns to stock.</summary>
    public Task<LoyaltyResult> RejectAsync(Guid redemptionId, string? note, CancellationToken ct) => DecideAsync(redemptionId, RedemptionStatus.Rejected, note, ct);

    /// <summary>
    /// Decides a pending request once. A concurrent decision on the same request loses as AlreadyDecided: the row version
    /// guards an approval, the one-reversal-per-source index a rejection.
    /// </summary>
    private async Task<LoyaltyResult> DecideAsync(Guid redemptionId, RedemptionStatus decision, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginUnitOfWorkAsync(ct);
        var redemption = await db.Set<Redemption>().FirstOrDefaultAsync(r => r.Id == redemptionId, ct);
        if (redemption is null)
        {
            return new(LoyaltyOutcome.NotFound);
        }

        if (redemption.Status != RedemptionStatus.Pending)
        {
            return new(LoyaltyOutcome.AlreadyDecided);
        }

        redemption.Status = decision;
        redemption.DecidedAt = now;
        redemption.DecidedByName = actor.Name;
        if (decision == RedemptionStatus.Rejected)
        {
            redemption.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            var debit = await db.Set<LoyaltyEntry>().AsNoTracking().FirstAsync(e => e.Kind == LoyaltyKind.Redemption && e.SourceId == redemption.Id, ct);
            db.Set<LoyaltyEntry>().Add(new LoyaltyEntry
            {
                CompanyId = redemption.CompanyId, PersonId = redemption.PersonId, At = now, Points = -debit.Points, Kind = LoyaltyKind.Reversal,
                SourceId = redemption.Id, ReversesEntryId = debit.Id, Note = redemption.Note, ByName = actor.Name,
            });
            // Same lock order as a redemption (account, then reward), so the two never deadlock.
            var cost = -debit.Points;
            await db.Set<LoyaltyAccount>().Where(a => a.PersonId == redemption.PersonId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Spent, a => a.Spent - cost).SetProperty(a => a.UpdatedAt, now), ct);
            await MoveStockAsync(db.Set<Reward>().Where(r => r.Id == redemption.RewardId), 1, now, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new(LoyaltyOutcome.AlreadyDecided);
        }

        await tx.CommitAsync(ct);
        return new(LoyaltyOutcome.Done, redemption.Id);
    }

    /// <summary>
    /// Points earned in the period, less earnings the quality manager reversed (their reversal's source is the earning). People: within the viewer's scope (a client sees their own company's people).
    /// Companies: all of them, but a client sees other companies' rank and points only, never their names.
    /// </summary>
    public async Task<List<LeaderRow>> LeaderboardAsync(ReportPeriod period, bool byCompany, CancellationToken ct)
    {
        var (from, to) = Bounds(period, await TimeZones.ServiceCenterAsync(db, ct));
        var earnings = LoyaltyEntry.EarningKinds;
        if (!byCompany)
        {
            var entries = db.Set<LoyaltyEntry>();
            var people = await entries.AsNoTracking()
                .Where(e => earnings.Contains(e.Kind) && e.At >= from && e.At < to && !entries.Any(r => r.Kind == LoyaltyKind.Reversal && r.SourceId == e.Id))
                .GroupBy(e => e.PersonId).Select(g => new { Id = g.Key, Points = g.Sum(e => e.Points) }).ToListAsync(ct);
            var ids = people.Select(p => p.Id).ToList();
            var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
            return Rank(people.Where(p => names.ContainsKey(p.Id)).Select(p => (p.Id, names[p.Id], p.Points, p.Id == actor.UserId)));
        }

        // A client's company ranking spans all companies; the points are aggregates and the names are masked below.
        var source = actor.IsClient ? db.Set<LoyaltyEntry>().IgnoreQueryFilters() : db.Set<LoyaltyEntry>();
        var companies = await source.AsNoTracking()
            .Where(e => earnings.Contains(e.Kind) && e.At >= from && e.At < to && !source.Any(r => r.Kind == LoyaltyKind.Reversal && r.SourceId == e.Id))
            .GroupBy(e => e.CompanyId).Select(g => new { Id = g.Key, Points = g.Sum(e => e.Points) }).ToListAsync(ct);
        var visible = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return Rank(companies.Select(c => (c.Id, visible.GetValueOrDefault(c.Id) ?? "", c.Points, c.Id == actor.CompanyId)))
            .Select(r => actor.IsClient && !r.Mine ? r with { Id = null, Name = "" } : r).ToList();
    }

    private static List<LeaderRow> Rank(IEnumerable<(Guid Id, string Name, int Points, bool Mine)> rows)
    {
        var ordered = rows.OrderByDescending(r => r.Points).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var result = new List<LeaderRow>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            // Equal points share a rank (1, 2, 2, 4).
            var rank = i > 0 && ordered[i].Points == ordered[i - 1].Points ? result[i - 1].Rank : i + 1;
            result.Add(new LeaderRow(rank, ordered[i].Id, ordered[i].Name, ordered[i].Points, ordered[i].Mine));
        }

        return result;
    }

    /// <summary>The period of this unit that is running now, in the service center's own dates.</summary>
    public async Task<ReportPeriod> CurrentPeriodAsync(PeriodUnit unit, CancellationToken ct) =>
        ReportPeriod.Of(unit, LocalDates.Of(clock.GetUtcNow(), await TimeZones.ServiceCenterAsync(db, ct)));

    private static (DateTimeOffset From, DateTimeOffset To) Bounds(ReportPeriod period, TimeZoneInfo zone) =>
        (LocalDates.StartOf(period.Start, zone), LocalDates.StartOf(period.End, zone));
}

/// <summary>
/// Earns points in the save that records a rating or a review (Feedback's listener seams), and redoes the credit on
/// the account row as it now stands when that save clashed with a concurrent credit.
/// </summary>
internal sealed class LoyaltyEarnings(TimeProvider clock) : IRatingListener, IReviewListener, Surveys.ISurveyListener
{
    public Task OnSurveyCompletedAsync(AppDbContext db, Guid sourceId, Guid companyId, Guid personId, CancellationToken ct) =>
        LoyaltyBook.CreditSurveyAsync(db, sourceId, companyId, personId, clock.GetUtcNow(), ct);

    public Task OnRatingAsync(AppDbContext db, Rating rating, bool isNew, CancellationToken ct) => LoyaltyBook.CreditRatingAsync(db, rating, isNew, clock.GetUtcNow(), ct);

    public Task OnReviewAsync(AppDbContext db, Review review, CancellationToken ct) => LoyaltyBook.CreditReviewAsync(db, review, clock.GetUtcNow(), ct);

    public Task<bool> RetryAfterClashAsync(AppDbContext db, CancellationToken ct) => LoyaltyBook.RebaseAccountsAsync(db, ct);
}
