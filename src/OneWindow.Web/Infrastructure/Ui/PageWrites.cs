using MudBlazor;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Infrastructure.Ui;

/// <summary>What a page's write came to: done, or the errors to show (by field; "" for the form as a whole).</summary>
public sealed record PageWrite(DeskResult? Result, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Done => Result?.IsDone == true;

    /// <summary>The error to show under a field, or null.</summary>
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>Whether a field has an error to show (for a field's Error flag).</summary>
    public bool Has(string field) => Errors.ContainsKey(field);

    /// <summary>Every message not shown under one of <paramref name="shownFields"/>, as one sentence for the form.</summary>
    public string? Summary(params string[] shownFields)
    {
        var rest = Errors.Where(e => !shownFields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(e => e.Value).Distinct().ToList();
        return rest.Count == 0 ? null : string.Join(" ", rest);
    }

    public static PageWrite None { get; } = new(null, new Dictionary<string, string[]>());
}

/// <summary>
/// Runs a page's write through its feature's desk — the same method the API calls — and turns the outcome into what
/// the person sees: a snackbar when it is done, field errors in their language when the desk refuses, and a readable
/// message instead of an error page when someone else changed the record meanwhile or a unique value is taken.
/// Each write gets a fresh DI scope acting as the page's person: a Blazor circuit outlives its requests, a DbContext
/// should not. Each write also re-checks that person's session (active, security stamp unchanged), so a page left open by
/// someone since deactivated, or whose roles changed, writes nothing even before the circuit's next revalidation.
/// </summary>
public sealed class PageWrites(IServiceProvider services, CurrentActor actor, ISnackbar snackbar, IStringLocalizer<AdminResource> text)
{
    /// <summary>
    /// Calls <paramref name="write"/> with the desk and the scope's DbContext (to load the record being changed).
    /// <paramref name="translate"/> shows the desk's English sentences in the UI language; <paramref name="duplicate"/>
    /// is the message for a unique-key clash the desk could not foresee (two people saving the same name at once).
    /// <paramref name="done"/> is the snackbar's message (default "Saved."); an empty one shows none, for a write whose
    /// outcome the page shows itself.
    /// </summary>
    public async Task<PageWrite> RunAsync<TDesk>(Func<TDesk, AppDbContext, Task<DeskResult>> write, DeskTranslator? translate = null,
        string? done = null, string? duplicate = null)
        where TDesk : notnull
    {
        try
        {
            await using var scope = await services.BeginActorScopeAsync(actor);
            if (actor.Kind != ActorKind.Person
                || await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().ValidateSecurityStampAsync(actor.Principal) is null)
            {
                return Failed(text["SessionEnded"]);
            }

            var result = await write(scope.ServiceProvider.GetRequiredService<TDesk>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
            if (result.IsDone)
            {
                if (done is not "")
                {
                    snackbar.Add(done ?? text["Saved"], Severity.Success);
                }

                return new PageWrite(result, new Dictionary<string, string[]>());
            }

            var errors = translate?.Errors(result, text["RecordGone"], text["SaveFailed"])
                ?? new DeskTranslator(text, new Dictionary<string, string>()).Errors(result, text["RecordGone"], text["SaveFailed"]);
            return new PageWrite(result, errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failed(text["ConcurrencyConflict"]);
        }
        catch (DbUpdateException e) when (ApiExceptionHandler.IsUniqueViolation(e))
        {
            return Failed(duplicate ?? text["DuplicateValue"]);
        }
        catch (TenancyViolationException)
        {
            return Failed(text["RecordGone"]);
        }
    }

    /// <summary>
    /// Saves a form through its desk: <paramref name="create"/> when the form shows a new record (<paramref name="id"/>
    /// null), else <paramref name="update"/> on the stored record, loaded afresh (see <see cref="ChangeAsync"/>).
    /// </summary>
    public Task<PageWrite> SaveAsync<TDesk, T>(Guid? id, int? version, Func<TDesk, Task<DeskResult>> create, Func<TDesk, T, Task<DeskResult>> update,
        DeskTranslator? translate = null, string? done = null, string? duplicate = null)
        where TDesk : notnull
        where T : Entity =>
        id is { } existing
            ? ChangeAsync(existing, version, update, translate, done, duplicate)
            : RunAsync<TDesk>((desk, _) => create(desk), translate, done, duplicate);

    /// <summary>
    /// Changes one stored record through its desk. The record is loaded afresh in the write's scope; it is gone when it was
    /// deleted meanwhile, and changed by someone else when its version is no longer <paramref name="version"/>, the one
    /// the page showed (the page's If-Match; null to skip the check).
    /// </summary>
    public Task<PageWrite> ChangeAsync<TDesk, T>(Guid id, int? version, Func<TDesk, T, Task<DeskResult>> change, DeskTranslator? translate = null,
        string? done = null, string? duplicate = null)
        where TDesk : notnull
        where T : Entity =>
        RunAsync<TDesk>(async (desk, db) => await db.Set<T>().FirstOrDefaultAsync(e => e.Id == id) switch
        {
            null => DeskResult.Missing,
            { } stale when version is { } v && stale.Version != v => DeskResult.Clash(text["ConcurrencyConflict"]),
            { } entity => await change(desk, entity),
        }, translate, done, duplicate);

    /// <summary>Runs a form's write once the form's own checks (its required fields) pass; <see cref="PageWrite.None"/> when they do not.</summary>
    public static async Task<PageWrite> SubmitAsync(MudForm form, Func<Task<PageWrite>> write)
    {
        ArgumentNullException.ThrowIfNull(form);
        await form.ValidateAsync();
        return form.IsValid ? await write() : PageWrite.None;
    }

    /// <summary>
    /// Awaits a row action's write (one without a form to show errors in) and shows a refusal as an error snackbar too;
    /// true when it is done.
    /// </summary>
    public async Task<bool> ActAsync(Task<PageWrite> running)
    {
        var write = await running;
        if (write.Result is { IsDone: false })
        {
            snackbar.Add(write.Summary() ?? text["SaveFailed"], Severity.Error);
        }

        return write.Done;
    }

    private PageWrite Failed(string message)
    {
        snackbar.Add(message, Severity.Error);
        return new PageWrite(null, new Dictionary<string, string[]> { [""] = [message] });
    }
}
