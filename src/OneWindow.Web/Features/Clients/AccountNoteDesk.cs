namespace OneWindow.Web.Features.Clients;

public sealed record AccountNoteInput(
    [property: Required] AccountNoteKind? Kind,
    [property: Required, MaxLength(200)] string? Title,
    [property: MaxLength(4000)] string? Text);

public sealed record AccountNoteDto(Guid Id, Guid CompanyId, AccountNoteKind Kind, string Title, string? Text, string? AuthorName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

/// <summary>
/// The CSM's account notes: the one write path of the API and the 360 card. Written by an administrator or a CSM (for
/// the companies in their scope — the tenancy filter and the save guard decide which), never by a client person.
/// </summary>
public sealed class AccountNoteDesk(AppDbContext db, CurrentActor actor)
{
    public const string NotAllowed = "Only an administrator or the company's CSM writes account notes.";
    public const string TitleRequired = "A title is required.";

    public static bool CanWrite(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false }
        && (actor.Principal.IsInRole(Roles.Admin) || actor.Principal.IsInRole(Roles.ClientSuccessManager));

    public static IQueryable<AccountNoteDto> Project(IQueryable<AccountNote> notes) =>
        notes.Select(n => new AccountNoteDto(n.Id, n.CompanyId, n.Kind, n.Title, n.Text, n.AuthorName, n.CreatedAt, n.UpdatedAt, n.Version));

    /// <summary>A company's notes, risks first, newest first within a kind; empty for a client person.</summary>
    public static async Task<List<AccountNoteDto>> ListAsync(AppDbContext db, CurrentActor actor, Guid companyId, CancellationToken ct) =>
        actor.IsClient
            ? []
            : await Project(db.Set<AccountNote>().AsNoTracking().Where(n => n.CompanyId == companyId)
                .OrderByDescending(n => n.Kind == AccountNoteKind.Risk).ThenBy(n => n.Kind).ThenByDescending(n => n.CreatedAt)).ToListAsync(ct);

    public async Task<DeskResult> CreateAsync(Guid companyId, AccountNoteInput input, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Missing;
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var note = new AccountNote { CompanyId = companyId, Title = "", AuthorId = actor.UserId, AuthorName = actor.Name };
        Apply(note, input);
        db.Set<AccountNote>().Add(note);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(note.Id);
    }

    public async Task<DeskResult> UpdateAsync(AccountNote note, AccountNoteInput input, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        Apply(note, input);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(note.Id);
    }

    public async Task<DeskResult> DeleteAsync(AccountNote note, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        db.Set<AccountNote>().Remove(note);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok();
    }

    private static DeskResult? Check(AccountNoteInput input)
    {
        var errors = Annotations.Check(input);
        if (input.Title is { } title && string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = [TitleRequired];
        }

        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors["kind"] = ["kind must be Opportunity, Optimisation or Risk."];
        }

        return DeskResult.Invalid(errors);
    }

    private static void Apply(AccountNote note, AccountNoteInput input)
    {
        note.Kind = input.Kind!.Value;
        note.Title = input.Title!.Trim();
        note.Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
    }
}
