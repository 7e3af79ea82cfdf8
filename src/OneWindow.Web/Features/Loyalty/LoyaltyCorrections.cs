namespace OneWindow.Web.Features.Loyalty;

public sealed record LedgerEntryDto(Guid Id, DateTimeOffset At, int Points, LoyaltyKind Kind, Guid? SourceId, Guid? ReversesEntryId, string? Note, string? ByName,
    Guid? ReversedById, bool Reversible);

public sealed record LoyaltyLedgerDto(Guid PersonId, string Name, Guid CompanyId, string CompanyName, int Balance, IReadOnlyList<LedgerEntryDto> Entries);

/// <summary>The entry a correction added and the balance after it.</summary>
public sealed record LoyaltyMovementDto(LedgerEntryDto Entry, int Balance);

public sealed record AdjustmentInput(Guid? PersonId, int? Points, string? Reason);

public sealed record ReverseInput(string? Reason);

/// <summary>
/// The quality manager's corrections: manual adjustments (±) and the reversal of an earning found to be gaming or a
/// mistake. Debits use the same conditional UPDATE as a redemption, so no mix of corrections and redemptions can take a
/// balance below zero; credits take the tracked, rebasing path of earnings.
/// </summary>
public sealed partial class LoyaltyBook
{
    public const int MaxAdjustment = 10000;
    public const int MaxReason = 500;

    /// <summary>An earning, or a positive adjustment, that has not been reversed yet. Redemptions are given back by rejecting them.</summary>
    public static bool IsReversible(LoyaltyEntry e, bool reversed) =>
        !reversed && (LoyaltyEntry.EarningKinds.Contains(e.Kind) || (e.Kind == LoyaltyKind.Adjustment && e.Points > 0));

    public static Dictionary<string, string[]> Validate(AdjustmentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.PersonId is not { } id || id == Guid.Empty)
        {
            errors["personId"] = ["Choose a client person."];
        }

        // Not Math.Abs: it throws for int.MinValue (found by the API fuzz test).
        if (input.Points is not { } p || p == 0 || p < -MaxAdjustment || p > MaxAdjustment)
        {
            errors["points"] = [$"Points must be a non-zero whole number from -{MaxAdjustment} to {MaxAdjustment}."];
        }

        CheckReason(errors, input.Reason);
        return errors;
    }

    public static void CheckReason(Dictionary<string, string[]> errors, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReason)
        {
            errors["reason"] = [$"A reason of up to {MaxReason} characters is required."];
        }
    }

    /// <summary>Credits or debits a client person by hand. NotAClient when the person is unknown or not a client's.</summary>
    public async Task<LoyaltyResult> AdjustAsync(Guid personId, int points, string reason, CancellationToken ct)
    {
        var companyId = await db.Users.AsNoTracking().Where(u => u.Id == personId).Select(u => u.CompanyId).FirstOrDefaultAsync(ct);
        if (companyId is not { } company)
        {
            return new(LoyaltyOutcome.NotAClient);
        }

        var now = clock.GetUtcNow();
        var entry = new LoyaltyEntry { CompanyId = company, PersonId = personId, At = now, Points = points, Kind = LoyaltyKind.Adjustment, Note = reason.Trim(), ByName = actor.Name };
        if (points > 0)
        {
            // A credit, like an earning: the tracked Earned guarded by the row version, rebased if a concurrent credit won.
            db.Set<LoyaltyEntry>().Add(entry);
            var account = await AccountAsync(db, company, personId, ct);
            account.Earned += points;
            await SaveCreditedAsync(db, ct);
            return new(LoyaltyOutcome.Done, entry.Id);
        }

        return await DebitAsync(personId, -points, entry, ct);
    }

    /// <summary>Takes back an earning (or a positive adjustment) once, with a Reversal entry pointing at it.</summary>
    public async Task<LoyaltyResult> ReverseAsync(Guid entryId, string reason, CancellationToken ct)
    {
        var target = await db.Set<LoyaltyEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct);
        if (target is null)
        {
            return new(LoyaltyOutcome.NotFound);
        }

        if (await db.Set<LoyaltyEntry>().AnyAsync(e => e.Kind == LoyaltyKind.Reversal && e.ReversesEntryId == entryId, ct))
        {
            return new(LoyaltyOutcome.AlreadyReversed);
        }

        if (!IsReversible(target, false))
        {
            return new(LoyaltyOutcome.NotReversible);
        }

        // SourceId = the reversed entry: the unique (kind, source) index lets only one reversal in, even under races.
        var reversal = new LoyaltyEntry
        {
            CompanyId = target.CompanyId, PersonId = target.PersonId, At = clock.GetUtcNow(), Points = -target.Points, Kind = LoyaltyKind.Reversal,
            SourceId = target.Id, ReversesEntryId = target.Id, Note = reason.Trim(), ByName = actor.Name,
        };
        return await DebitAsync(target.PersonId, target.Points, reversal, ct);
    }

    /// <summary>Debits exactly as a redemption does (balance ≥ amount checked in the UPDATE itself) and records the entry with it.</summary>
    private async Task<LoyaltyResult> DebitAsync(Guid personId, int amount, LoyaltyEntry entry, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginUnitOfWorkAsync(ct);
            if (!await TryDebitAsync(personId, amount, entry.At, ct))
            {
                await tx.RollbackAsync(ct);
                return new LoyaltyResult(LoyaltyOutcome.NotEnoughPoints);
            }

            db.Set<LoyaltyEntry>().Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (entry.Kind == LoyaltyKind.Reversal)
            {
                // A concurrent reversal of the same entry committed first (unique kind + source).
                db.Entry(entry).State = EntityState.Detached;
                await tx.RollbackAsync(ct);
                return new LoyaltyResult(LoyaltyOutcome.AlreadyReversed);
            }

            await tx.CommitAsync(ct);
            return new LoyaltyResult(LoyaltyOutcome.Done, entry.Id);
        });
    }

    /// <summary>A client person's balance and every entry, newest first; null when the person is not visible to the caller or not a client's.</summary>
    public static async Task<LoyaltyLedgerDto?> LedgerAsync(AppDbContext db, Guid personId, CancellationToken ct)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == personId && u.CompanyId != null)
            .Select(u => new { u.FullName, CompanyId = u.CompanyId!.Value }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return null;
        }

        var company = await db.Companies.AsNoTracking().Where(c => c.Id == person.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        var balance = await db.Set<LoyaltyAccount>().AsNoTracking().Where(a => a.PersonId == personId).Select(a => a.Earned - a.Spent).FirstOrDefaultAsync(ct);
        var entries = await db.Set<LoyaltyEntry>().AsNoTracking().Where(e => e.PersonId == personId).ToListAsync(ct);
        var reversedBy = entries.Where(e => e.Kind == LoyaltyKind.Reversal && e.ReversesEntryId != null)
            .GroupBy(e => e.ReversesEntryId!.Value).ToDictionary(g => g.Key, g => g.First().Id);
        var rows = entries.OrderByDescending(e => e.At).ThenByDescending(e => e.CreatedAt)
            .Select(e =>
            {
                Guid? by = reversedBy.TryGetValue(e.Id, out var r) ? r : null;
                return new LedgerEntryDto(e.Id, e.At, e.Points, e.Kind, e.SourceId, e.ReversesEntryId, e.Note, e.ByName, by, IsReversible(e, by is not null));
            }).ToList();
        return new LoyaltyLedgerDto(personId, person.FullName, person.CompanyId, company, balance, rows);
    }
}

/// <summary>/api/v1/loyalty adjustments, reversals and a person's ledger.</summary>
public static class LoyaltyCorrectionEndpoints
{
    public static RouteGroupBuilder MapLoyaltyCorrections(this RouteGroupBuilder g)
    {
        g.MapPost("/adjustments", AdjustAsync).WithName("AdjustLoyaltyPoints").RequireAuthorization(Policies.QualityOrAdmin).AddEndpointFilter<IdempotencyFilter>();
        g.MapPost("/entries/{id:guid}/reverse", ReverseAsync).WithName("ReverseLoyaltyEntry").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapGet("/people/{id:guid}/ledger", LedgerAsync).WithName("GetLoyaltyLedger");
        return g;
    }

    internal static ProblemHttpResult Problem(LoyaltyOutcome outcome) => outcome switch
    {
        LoyaltyOutcome.NotEnoughPoints => Api.Conflict("Not enough points: the balance cannot go below zero."),
        LoyaltyOutcome.AlreadyReversed => Api.Conflict("This entry has already been reversed."),
        LoyaltyOutcome.NotReversible => Api.Conflict("Only earnings and positive adjustments can be reversed; a redemption is given back by rejecting it."),
        _ => Api.NotFound("loyalty entry"),
    };

    private static async Task<Results<Created<LoyaltyMovementDto>, ValidationProblem, ProblemHttpResult>> AdjustAsync(AdjustmentInput input, LoyaltyBook book, AppDbContext db,
        CancellationToken ct)
    {
        var errors = LoyaltyBook.Validate(input);
        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var result = await book.AdjustAsync(input.PersonId!.Value, input.Points!.Value, input.Reason!, ct);
        if (result.Outcome == LoyaltyOutcome.NotAClient)
        {
            return Api.Invalid("personId", "No client person with this id.");
        }

        return result.Outcome == LoyaltyOutcome.Done ? await MovementAsync(db, input.PersonId.Value, result.Id!.Value, ct) : Problem(result.Outcome);
    }

    private static async Task<Results<Created<LoyaltyMovementDto>, ValidationProblem, ProblemHttpResult>> ReverseAsync(Guid id, ReverseInput? input, LoyaltyBook book,
        AppDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        LoyaltyBook.CheckReason(errors, input?.Reason);
        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var result = await book.ReverseAsync(id, input!.Reason!, ct);
        if (result.Outcome != LoyaltyOutcome.Done)
        {
            return Problem(result.Outcome);
        }

        var person = await db.Set<LoyaltyEntry>().AsNoTracking().Where(e => e.Id == id).Select(e => e.PersonId).SingleAsync(ct);
        return await MovementAsync(db, person, result.Id!.Value, ct);
    }

    private static async Task<Created<LoyaltyMovementDto>> MovementAsync(AppDbContext db, Guid personId, Guid entryId, CancellationToken ct)
    {
        var ledger = (await LoyaltyBook.LedgerAsync(db, personId, ct))!;
        return TypedResults.Created($"/api/v1/loyalty/people/{personId}/ledger", new LoyaltyMovementDto(ledger.Entries.Single(e => e.Id == entryId), ledger.Balance));
    }

    /// <summary>The quality manager and admins read anyone's ledger; a client person only their own; other staff not at all.</summary>
    private static async Task<Results<Ok<LoyaltyLedgerDto>, ProblemHttpResult>> LedgerAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var manager = actor.Principal.IsInRole(Roles.QualityManager) || actor.Principal.IsInRole(Roles.Admin);
        if (!manager && actor.UserId != id)
        {
            return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: "Only the quality manager reads other people's points.");
        }

        var ledger = await LoyaltyBook.LedgerAsync(db, id, ct);
        return ledger is null ? Api.NotFound("client person") : TypedResults.Ok(ledger);
    }
}
