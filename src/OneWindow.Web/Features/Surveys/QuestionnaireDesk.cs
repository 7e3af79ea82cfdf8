namespace OneWindow.Web.Features.Surveys;

public sealed record QuestionnaireInput(string? Key, string? TitleRu, string? TitleEn, QuestionnaireDefinition? Definition);

/// <summary>
/// Questionnaires and their versions. An edit of a questionnaire whose current version a wave has used (frozen) makes a
/// new version, which later waves take; the answers of earlier waves keep the questions they answered. An edit of a
/// version no wave has used yet changes it in place.
/// </summary>
public sealed class QuestionnaireDesk(AppDbContext db)
{
    public async Task<DeskResult> CreateAsync(QuestionnaireInput input, CancellationToken ct)
    {
        var errors = Check(input);
        if (input.Key is { } key && await db.Set<Questionnaire>().AnyAsync(q => q.Key == key, ct))
        {
            errors["key"] = ["A questionnaire with this key exists."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var questionnaire = new Questionnaire { Key = input.Key!, TitleRu = input.TitleRu!.Trim(), TitleEn = input.TitleEn!.Trim() };
        db.Set<Questionnaire>().Add(questionnaire);
        db.Set<QuestionnaireVersion>().Add(new QuestionnaireVersion { QuestionnaireId = questionnaire.Id, Number = 1, Definition = input.Definition!.ToJson() });
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(questionnaire.Id);
    }

    /// <summary>Changes the titles and questions: in place while no wave used the current version, else as a new version.</summary>
    public async Task<DeskResult> UpdateAsync(Questionnaire questionnaire, QuestionnaireInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var errors = Check(input with { Key = questionnaire.Key });
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        questionnaire.TitleRu = input.TitleRu!.Trim();
        questionnaire.TitleEn = input.TitleEn!.Trim();
        var current = await db.Set<QuestionnaireVersion>().FirstAsync(v => v.QuestionnaireId == questionnaire.Id && v.Number == questionnaire.CurrentVersion, ct);
        var definition = input.Definition!.ToJson();
        if (!current.Frozen)
        {
            current.Definition = definition;
        }
        else if (current.Definition != definition)
        {
            questionnaire.CurrentVersion = current.Number + 1;
            db.Set<QuestionnaireVersion>().Add(new QuestionnaireVersion { QuestionnaireId = questionnaire.Id, Number = questionnaire.CurrentVersion, Definition = definition });
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(questionnaire.Id);
    }

    private static Dictionary<string, string[]> Check(QuestionnaireInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Key is not { Length: > 0 and <= 40 } key || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["key"] = ["A key of at most 40 Latin letters, digits, '-' or '_'."];
        }

        if (string.IsNullOrWhiteSpace(input.TitleRu) || input.TitleRu.Length > 300 || string.IsNullOrWhiteSpace(input.TitleEn) || input.TitleEn.Length > 300)
        {
            errors["title"] = ["Russian and English titles of at most 300 characters."];
        }

        if (input.Definition is null)
        {
            errors["definition"] = ["The questions, in sections."];
        }
        else
        {
            foreach (var (field, messages) in input.Definition.Validate())
            {
                errors["definition." + field] = messages;
            }
        }

        return errors;
    }
}
