using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneWindow.Web.Features.Surveys;

/// <summary>How the survey documents stored as JSON (questionnaire versions, audiences, answers) are written and read.</summary>
internal static class SurveyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

public enum QuestionKind
{
    /// <summary>0–10, "how likely are you to recommend…".</summary>
    Nps,
    /// <summary>1–5 satisfaction.</summary>
    Csat,
    /// <summary>For each attribute, importance 1–10 and satisfaction 1–10 (the CSI).</summary>
    CsiPairs,
    Single,
    Multiple,
    Text,
}

/// <summary>A choice, or a CSI attribute: a stable key and its Russian and English words.</summary>
public sealed record SurveyOption(string Key, string Ru, string En)
{
    public string In(string culture) => culture.StartsWith("en", StringComparison.Ordinal) ? En : Ru;
}

/// <summary>Shows a question only when another's 0–10 or 1–5 score lies within the bounds (the NPS follow-up: at most 6).</summary>
public sealed record SurveyCondition(string QuestionKey, int? AtLeast = null, int? AtMost = null)
{
    public bool Holds(SurveyAnswers answers) => answers.Score(QuestionKey) is { } score && (AtLeast is null || score >= AtLeast) && (AtMost is null || score <= AtMost);
}

public sealed record SurveyQuestion(string Key, QuestionKind Kind, string TextRu, string TextEn, bool Required = false,
    IReadOnlyList<SurveyOption>? Options = null, SurveyCondition? ShowIf = null)
{
    public string Text(string culture) => culture.StartsWith("en", StringComparison.Ordinal) ? TextEn : TextRu;
}

public sealed record SurveySection(string Key, string TitleRu, string TitleEn, IReadOnlyList<SurveyQuestion> Questions)
{
    public string Title(string culture) => culture.StartsWith("en", StringComparison.Ordinal) ? TitleEn : TitleRu;
}

/// <summary>The questions of one questionnaire version, in sections.</summary>
public sealed record QuestionnaireDefinition(IReadOnlyList<SurveySection> Sections)
{
    /// <summary>Every question in order; null-safe, as the API's validation reads it before <see cref="Validate"/> has refused a document with gaps.</summary>
    public IEnumerable<SurveyQuestion> Questions => (Sections ?? []).Where(s => s?.Questions is not null).SelectMany(s => s.Questions).Where(q => q is not null);

    public string ToJson() => JsonSerializer.Serialize(this, SurveyJson.Options);

    public static QuestionnaireDefinition Parse(string json) => JsonSerializer.Deserialize<QuestionnaireDefinition>(json, SurveyJson.Options) ?? new QuestionnaireDefinition([]);

    /// <summary>Why the definition cannot be used, by field; empty when it can.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        // A document from outside may leave out what the records promise (a JSON body of {}): check before walking it.
        if (Sections is null || Sections.Count == 0 || Sections.Any(s => s?.Questions is null || s.Questions.Count == 0 || s.Questions.Any(q => q is null)))
        {
            errors["sections"] = ["At least one section, each with questions."];
            return errors;
        }

        if (Sections.Count > 50 || Sections.Sum(s => s.Questions.Count) > 200)
        {
            errors["sections"] = ["At most 50 sections and 200 questions."];
            return errors;
        }

        foreach (var section in Sections)
        {
            if (string.IsNullOrWhiteSpace(section.Key) || section.Key.Length > 40 || string.IsNullOrWhiteSpace(section.TitleRu) || string.IsNullOrWhiteSpace(section.TitleEn)
                || section.TitleRu.Length > 300 || section.TitleEn.Length > 300)
            {
                errors[$"sections.{section.Key}"] = ["Each section needs a key of at most 40 characters and Russian and English titles of at most 300."];
            }
        }

        foreach (var q in Questions)
        {
            var field = $"questions.{q.Key}";
            if (string.IsNullOrWhiteSpace(q.Key) || q.Key.Length > 40 || !q.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !keys.Add(q.Key))
            {
                errors[field] = ["Each question needs its own key of Latin letters, digits, '-' or '_' (at most 40)."];
            }
            else if (string.IsNullOrWhiteSpace(q.TextRu) || string.IsNullOrWhiteSpace(q.TextEn) || q.TextRu.Length > 1000 || q.TextEn.Length > 1000)
            {
                errors[field] = ["Russian and English texts of at most 1000 characters."];
            }
            else if (!Enum.IsDefined(q.Kind))
            {
                errors[field] = ["The kind is Nps, Csat, CsiPairs, Single, Multiple or Text."];
            }
            else if (q.Kind is QuestionKind.Single or QuestionKind.Multiple or QuestionKind.CsiPairs && (q.Options is null || q.Options.Count is 0 or > 30
                || q.Options.Any(o => o is null || string.IsNullOrWhiteSpace(o.Key) || o.Key.Length > 40 || string.IsNullOrWhiteSpace(o.Ru) || string.IsNullOrWhiteSpace(o.En)
                    || o.Ru.Length > 300 || o.En.Length > 300)
                || q.Options.Select(o => o.Key).Distinct(StringComparer.Ordinal).Count() != q.Options.Count))
            {
                errors[field] = ["Choices and CSI attributes need 1 to 30 options with distinct keys and Russian and English words."];
            }
            else if (q.ShowIf is { } condition && (condition.QuestionKey is null || !keys.Contains(condition.QuestionKey)))
            {
                errors[field] = ["A condition names an earlier question."];
            }
        }

        return errors;
    }
}

/// <summary>One question's answer: a score, CSI pairs by attribute ([importance, satisfaction]), choices or text.</summary>
public sealed record SurveyAnswer(int? Score = null, IReadOnlyDictionary<string, int[]>? Pairs = null, IReadOnlyList<string>? Choices = null, string? Text = null)
{
    public bool IsEmpty => Score is null && (Pairs is null || Pairs.Count == 0) && (Choices is null || Choices.Count == 0) && string.IsNullOrWhiteSpace(Text);
}

/// <summary>A response's answers by question key, stored as JSON on <see cref="SurveyResponse.Answers"/>.</summary>
public sealed class SurveyAnswers : Dictionary<string, SurveyAnswer>
{
    public SurveyAnswers() : base(StringComparer.Ordinal)
    {
    }

    public int? Score(string key) => TryGetValue(key, out var a) ? a.Score : null;

    public string ToJson() => JsonSerializer.Serialize<Dictionary<string, SurveyAnswer>>(this, SurveyJson.Options);

    public static SurveyAnswers Parse(string json)
    {
        var answers = new SurveyAnswers();
        foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, SurveyAnswer>>(json, SurveyJson.Options) ?? [])
        {
            answers[k] = v;
        }

        return answers;
    }
}

/// <summary>The ready questionnaires every installation starts with (admins copy and adapt them).</summary>
public static class QuestionnaireLibrary
{
    public const string Yearly = "yearly";
    public const string Transition = "transition";
    public const string Pulse = "pulse";

    /// <summary>The CSI attributes of the yearly survey.</summary>
    public static readonly IReadOnlyList<SurveyOption> Attributes =
    [
        new("speed", "Скорость обработки запросов", "Speed of handling requests"),
        new("accuracy", "Точность и качество операций", "Accuracy and quality of operations"),
        new("politeness", "Вежливость и доброжелательность", "Courtesy"),
        new("availability", "Доступность сотрудников ЦОБ", "Availability of SSC staff"),
        new("proactivity", "Проактивность: предложения по улучшению", "Proactivity: improvement ideas"),
        new("reporting", "Прозрачность отчётности", "Transparency of reporting"),
    ];

    private static SurveyQuestion Nps => new("nps", QuestionKind.Nps,
        "Насколько вероятно, что вы порекомендуете ЦОБ коллеге из другого подразделения?",
        "How likely are you to recommend the SSC to a colleague from another business unit?", Required: true);

    private static SurveyQuestion Improve => new("improve", QuestionKind.Text,
        "Что нам стоит улучшить в первую очередь?", "What should we improve first?", ShowIf: new SurveyCondition("nps", AtMost: 6));

    public static IReadOnlyList<(string Key, string TitleRu, string TitleEn, QuestionnaireDefinition Definition)> All =>
    [
        (Yearly, "Ежегодный опрос удовлетворённости", "Yearly relationship survey", new QuestionnaireDefinition(
        [
            new("loyalty", "Готовность рекомендовать", "Recommendation", [Nps, Improve]),
            new("csi", "Оценка качества услуг", "Service quality", [new("csi", QuestionKind.CsiPairs,
                "Оцените по шкале от 1 до 10, насколько для вас важен каждый аспект и насколько вы им удовлетворены.",
                "On a scale of 1 to 10, rate how important each aspect is to you and how satisfied you are with it.", Required: true, Options: Attributes)]),
            new("verbatim", "Ваши слова", "In your words",
            [
                new("best", QuestionKind.Text, "Что ЦОБ делает особенно хорошо?", "What does the SSC do especially well?"),
                new("wish", QuestionKind.Text, "Что ещё вы хотели бы передать в ЦОБ?", "What else would you like to hand over to the SSC?"),
            ]),
        ])),
        (Transition, "Опрос после перевода процесса в ЦОБ", "Transition survey", new QuestionnaireDefinition(
        [
            new("transition", "Перевод процесса", "The transition",
            [
                new("csat", QuestionKind.Csat, "Насколько вы удовлетворены тем, как прошёл перевод процесса в ЦОБ?",
                    "How satisfied are you with how the process moved to the SSC?", Required: true),
                new("issues", QuestionKind.Multiple, "С чем были трудности?", "What was difficult?", Options:
                [
                    new("timing", "Сроки перевода", "Timing"),
                    new("quality", "Качество операций после перевода", "Quality after the move"),
                    new("communication", "Информирование о ходе перевода", "Communication"),
                    new("documents", "Документы и регламенты", "Documents and procedures"),
                    new("none", "Трудностей не было", "None"),
                ]),
                new("stable", QuestionKind.Single, "Процесс работает стабильно?", "Does the process run stably?", Options:
                [
                    new("yes", "Да", "Yes"), new("mostly", "В основном", "Mostly"), new("no", "Нет", "No"),
                ]),
                new("comment", QuestionKind.Text, "Комментарий", "Comment"),
            ]),
        ])),
        (Pulse, "Ежеквартальный пульс-опрос", "Quarterly pulse", new QuestionnaireDefinition(
        [
            new("pulse", "Пульс", "Pulse",
            [
                new("csat", QuestionKind.Csat, "Насколько вы удовлетворены работой ЦОБ в этом квартале?",
                    "How satisfied are you with the SSC this quarter?", Required: true),
                Nps,
                Improve,
            ]),
        ])),
    ];
}
