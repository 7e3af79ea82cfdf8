namespace OneWindow.Web.Features.Surveys;

/// <summary>Told once when a person completes a survey response (the loyalty programme credits it), inside the unit of work that saves it.</summary>
[FeatureSeam]
public interface ISurveyListener
{
    /// <summary><paramref name="sourceId"/> is the invitation's id: one credit per invitation, and nothing that names the response.</summary>
    Task OnSurveyCompletedAsync(AppDbContext db, Guid sourceId, Guid companyId, Guid personId, CancellationToken ct);

    /// <summary>
    /// Told on every submit of a response in a NAMED campaign (the first and each later edit), in the same unit of work;
    /// never told of a response in an anonymous campaign, so nothing a listener keeps can name its person.
    /// </summary>
    Task OnNamedResponseSubmittedAsync(AppDbContext db, NamedSurveySubmission submission, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// A submitted response of a named campaign: whose, in which wave, its NPS score (null when the questionnaire asks none)
/// and the answer to the NPS follow-up ("what should we improve?"), if given.
/// </summary>
public sealed record NamedSurveySubmission(Guid ResponseId, Guid CampaignId, Guid WaveId, Guid CompanyId, Guid PersonId, int? Nps, string? Comment);

public enum SurveyLinkState
{
    /// <summary>No invitation has this token.</summary>
    Unknown,
    NotYetOpen,
    Open,
    Closed,
}

/// <summary>What the answer page shows for a link: the questions, the answers so far, and whether it can still be answered.</summary>
public sealed record SurveyForm(SurveyLinkState State, string Title, bool Anonymous, DateOnly Opens, DateOnly Closes, string Culture,
    QuestionnaireDefinition Definition, SurveyAnswers Answers, bool Completed)
{
    public static readonly SurveyForm None = new(SurveyLinkState.Unknown, "", false, default, default, "ru", new QuestionnaireDefinition([]), new SurveyAnswers(), false);

    /// <summary>Questions shown with the answers so far (a follow-up only when its condition holds).</summary>
    public IEnumerable<SurveyQuestion> Shown => Definition.Questions.Where(q => q.ShowIf is null || q.ShowIf.Holds(Answers));

    /// <summary>Answered questions of those shown, in percent, for the progress bar.</summary>
    public int Progress => Shown.Count() is var n and > 0 ? 100 * Shown.Count(q => Answers.TryGetValue(q.Key, out var a) && !a.IsEmpty) / n : 0;
}

public enum SaveOutcome
{
    Saved,
    Completed,
    Invalid,
    Closed,
    Unknown,
}

/// <summary>
/// Answering through a personal link, with no sign-in: the link finds the invitation by one hash of its token and the
/// response by another, so in an anonymous campaign no stored value joins the two. Runs as the system actor, as the
/// link is the only credential.
/// </summary>
public sealed class SurveyAnswering(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<SurveyForm> OpenAsync(string token, CancellationToken ct)
    {
        if (!SurveyTokens.LooksValid(token))
        {
            return SurveyForm.None;
        }

        await using var scope = SystemScope(out var db);
        var found = await FindAsync(db, token, ct);
        if (found is null)
        {
            return SurveyForm.None;
        }

        var response = await db.Set<SurveyResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.ResumeKey == SurveyTokens.ResponseKey(token), ct);
        return found.Form(response is null ? new SurveyAnswers() : SurveyAnswers.Parse(response.Answers), response?.Completed ?? false);
    }

    /// <summary>
    /// Saves the answers given (a later save replaces them); with <paramref name="submit"/> checks that every shown
    /// required question is answered and completes the response — once for the loyalty credit, though the same link
    /// may still edit it until the wave closes.
    /// </summary>
    public async Task<(SaveOutcome Outcome, Dictionary<string, string[]> Errors, SurveyForm Form)> SaveAsync(string token, SurveyAnswers given, bool submit, CancellationToken ct)
    {
        if (!SurveyTokens.LooksValid(token))
        {
            return (SaveOutcome.Unknown, [], SurveyForm.None);
        }

        await using var scope = SystemScope(out var db);
        var found = await FindAsync(db, token, ct);
        if (found is null)
        {
            return (SaveOutcome.Unknown, [], SurveyForm.None);
        }

        var answers = Clean(found.Definition, given, out var errors);
        if (found.State != SurveyLinkState.Open)
        {
            return (SaveOutcome.Closed, [], found.Form(answers, false));
        }

        if (submit)
        {
            foreach (var q in found.Definition.Questions.Where(q => q.Required && (q.ShowIf is null || q.ShowIf.Holds(answers))))
            {
                if (!answers.TryGetValue(q.Key, out var a) || a.IsEmpty || q.Kind == QuestionKind.CsiPairs && (a.Pairs?.Count ?? 0) < q.Options!.Count)
                {
                    errors.TryAdd(q.Key, [q.Kind == QuestionKind.CsiPairs ? "Rate importance and satisfaction of every aspect." : "An answer is required."]);
                }
            }
        }

        if (errors.Count > 0)
        {
            return (SaveOutcome.Invalid, errors, found.Form(answers, false));
        }

        var key = SurveyTokens.ResponseKey(token);
        await using var unit = await db.Database.BeginUnitOfWorkAsync(ct);
        var response = await db.Set<SurveyResponse>().FirstOrDefaultAsync(r => r.ResumeKey == key, ct);
        if (response is null)
        {
            response = new SurveyResponse
            {
                WaveId = found.Invitation.WaveId,
                CompanyId = found.Invitation.CompanyId,
                PersonId = found.Anonymous ? null : found.Invitation.PersonId,
                Role = found.Role,
                ResumeKey = key,
            };
            db.Set<SurveyResponse>().Add(response);
        }
        else
        {
            response.Version++;
        }

        response.Answers = answers.ToJson();
        var firstCompletion = submit && !found.Invitation.Answered;
        if (submit)
        {
            response.Completed = true;
            response.CompletedAt = found.Anonymous ? null : clock.GetUtcNow();
            found.Invitation.Answered = true;
            found.Invitation.ResponseId = found.Anonymous ? null : response.Id;
        }

        if (firstCompletion)
        {
            foreach (var listener in scope.ServiceProvider.GetServices<ISurveyListener>())
            {
                await listener.OnSurveyCompletedAsync(db, found.Invitation.Id, found.Invitation.CompanyId, found.Invitation.PersonId, ct);
            }
        }

        if (submit && !found.Anonymous)
        {
            var npsKey = found.Definition.Questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps)?.Key;
            var submission = new NamedSurveySubmission(response.Id, found.CampaignId, found.Invitation.WaveId, found.Invitation.CompanyId, found.Invitation.PersonId,
                npsKey is null ? null : answers.Score(npsKey),
                string.Join("\n", found.Definition.Questions.Where(q => q.Kind == QuestionKind.Text && q.ShowIf?.QuestionKey == npsKey)
                    .Select(q => answers.TryGetValue(q.Key, out var a) ? a.Text : null).OfType<string>()));
            foreach (var listener in scope.ServiceProvider.GetServices<ISurveyListener>())
            {
                await listener.OnNamedResponseSubmittedAsync(db, submission, ct);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await unit.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same link saved in another tab at the same moment: that save stands; this one is asked to retry.
            return (SaveOutcome.Invalid, new() { ["form"] = ["The answers were saved from another window at the same time. Reload the page and try again."] }, found.Form(answers, false));
        }

        return (submit ? SaveOutcome.Completed : SaveOutcome.Saved, [], found.Form(answers, response.Completed));
    }

    /// <summary>Keeps only answers to known questions, in range, and says what is out of range.</summary>
    internal static SurveyAnswers Clean(QuestionnaireDefinition definition, SurveyAnswers given, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var clean = new SurveyAnswers();
        foreach (var q in definition.Questions)
        {
            if (!given.TryGetValue(q.Key, out var a) || a.IsEmpty)
            {
                continue;
            }

            SurveyAnswer? kept = q.Kind switch
            {
                QuestionKind.Nps when a.Score is >= 0 and <= 10 => new SurveyAnswer(Score: a.Score),
                QuestionKind.Csat when a.Score is >= 1 and <= 5 => new SurveyAnswer(Score: a.Score),
                QuestionKind.CsiPairs when a.Pairs is { } pairs && pairs.All(p => q.Options!.Any(o => o.Key == p.Key) && p.Value is [>= 1 and <= 10, >= 1 and <= 10])
                    => new SurveyAnswer(Pairs: pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
                QuestionKind.Single when a.Choices is [var one] && q.Options!.Any(o => o.Key == one) => new SurveyAnswer(Choices: [one]),
                QuestionKind.Multiple when a.Choices is { } many && many.All(c => q.Options!.Any(o => o.Key == c)) => new SurveyAnswer(Choices: [.. many.Distinct(StringComparer.Ordinal)]),
                QuestionKind.Text when a.Text is { } text && text.Length <= 4000 => new SurveyAnswer(Text: text.Trim()),
                _ => null,
            };
            if (kept is null)
            {
                errors[q.Key] = [q.Kind switch
                {
                    QuestionKind.Nps => "A score from 0 to 10.",
                    QuestionKind.Csat => "A score from 1 to 5.",
                    QuestionKind.CsiPairs => "Importance and satisfaction from 1 to 10 for the listed aspects.",
                    QuestionKind.Text => "At most 4000 characters.",
                    _ => "One of the offered choices.",
                }];
                continue;
            }

            clean[q.Key] = kept;
        }

        // A follow-up whose condition no longer holds (the score was raised) is dropped, not kept hidden.
        foreach (var q in definition.Questions.Where(q => q.ShowIf is not null && !q.ShowIf.Holds(clean)))
        {
            clean.Remove(q.Key);
            errors.Remove(q.Key);
        }

        return clean;
    }

    private sealed record Found(SurveyInvitation Invitation, Guid CampaignId, SurveyLinkState State, string Title, bool Anonymous, DateOnly Opens, DateOnly Closes, string Culture,
        string Role, QuestionnaireDefinition Definition)
    {
        public SurveyForm Form(SurveyAnswers answers, bool completed) => new(State, Title, Anonymous, Opens, Closes, Culture, Definition, answers, completed);
    }

    private async Task<Found?> FindAsync(AppDbContext db, string token, CancellationToken ct)
    {
        var hash = SurveyTokens.InvitationHash(token);
        var invitation = await db.Set<SurveyInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }

        var row = await (from w in db.Set<SurveyWave>()
                         join c in db.Set<SurveyCampaign>() on w.CampaignId equals c.Id
                         join v in db.Set<QuestionnaireVersion>() on w.QuestionnaireVersionId equals v.Id
                         where w.Id == invitation.WaveId
                         select new { w.Opens, w.Closes, CampaignId = c.Id, c.Name, c.Anonymous, v.Definition }).FirstAsync(ct);
        var person = await db.Users.Where(u => u.Id == invitation.PersonId).Select(u => new
        {
            u.Culture, u.IsActive,
            ZoneId = db.Companies.Where(c => c.Id == u.CompanyId).Select(c => c.TimeZoneId).FirstOrDefault(),
            Executive = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)),
        }).FirstAsync(ct);
        // The wave's days are the client's own: open from the start of Opens to the end of Closes in the company's zone.
        var today = LocalDates.Of(clock.GetUtcNow(), TimeZones.Find(person.ZoneId));
        var state = !person.IsActive ? SurveyLinkState.Closed : today < row.Opens ? SurveyLinkState.NotYetOpen : today > row.Closes ? SurveyLinkState.Closed : SurveyLinkState.Open;
        return new Found(invitation, row.CampaignId, state, row.Name, row.Anonymous, row.Opens, row.Closes, person.Culture ?? "ru",
            person.Executive ? Roles.ClientExecutive : Roles.ClientUser, QuestionnaireDefinition.Parse(row.Definition));
    }

    private AsyncServiceScope SystemScope(out AppDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }
}
