using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace OneWindow.Web.Features.Mail;

/// <summary>What a reply email says, before rendering.</summary>
public sealed record ReplyModel(string Number, string Subject, string RecipientName, string Body, string? AuthorName)
{
    /// <summary>The rating block bound to this reply (HTML and plain text), when the recipient can rate it.</summary>
    public string? RatingHtml { get; init; }
    public string? RatingText { get; init; }
}

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>The three parts of an email template, in Liquid.</summary>
public sealed record MailTemplateSource(string Subject, string Text, string Html);

/// <summary>
/// Liquid (Fluid) templates of the emails, in Russian and English, chosen by the recipient's culture. The defaults
/// live here in code; an administrator's edited version (MailTemplateOverride) takes their place.
/// </summary>
public sealed class MailTemplates
{
    public const string ReplyKey = "reply";
    public static readonly IReadOnlyList<string> Cultures = ["ru", "en"];

    private sealed record Template(string Subject, string Text, string Html);

    private static readonly Dictionary<string, Template> Reply = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "[{{ number }}] {{ subject }}",
            """
            Здравствуйте, {{ name }}!

            {{ body }}

            {% if author %}{{ author }}, {% endif %}единое окно ОЦО
            {% if rating_text %}
            {{ rating_text }}{% endif %}
            --
            Обращение {{ number }}: {{ subject }}
            Чтобы ответить, ответьте на это письмо, не меняя номер в теме.
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{{ body_html | raw }}</p>
            <p>{% if author %}{{ author }}, {% endif %}единое окно ОЦО</p>
            {{ rating_html | raw }}
            <hr><p style="color:#666">Обращение {{ number }}: {{ subject }}<br>Чтобы ответить, ответьте на это письмо, не меняя номер в теме.</p>
            """),
        ["en"] = new(
            "[{{ number }}] {{ subject }}",
            """
            Hello {{ name }},

            {{ body }}

            {% if author %}{{ author }}, {% endif %}the shared service centre's single window
            {% if rating_text %}
            {{ rating_text }}{% endif %}
            --
            Request {{ number }}: {{ subject }}
            To answer, reply to this email and keep the number in the subject.
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{{ body_html | raw }}</p>
            <p>{% if author %}{{ author }}, {% endif %}the shared service centre's single window</p>
            {{ rating_html | raw }}
            <hr><p style="color:#666">Request {{ number }}: {{ subject }}<br>To answer, reply to this email and keep the number in the subject.</p>
            """),
    };

    // Cyrillic stays readable in the HTML source; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly FluidParser parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new();

    public static string Language(string? culture) => culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ru";

    public static MailTemplateSource Default(string culture)
    {
        var t = Reply[Language(culture)];
        return new MailTemplateSource(t.Subject, t.Text, t.Html);
    }

    /// <summary>Why a template cannot be used, per part; empty when it can. The subject must keep the number, which threads replies.</summary>
    public Dictionary<string, string[]> Check(MailTemplateSource source)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in new[] { ("subject", source.Subject), ("text", source.Text), ("html", source.Html) })
        {
            if (!parser.TryParse(text, out _, out var error))
            {
                errors[field] = [$"The template does not parse: {error}"];
            }
        }

        if (!source.Subject.Contains("number", StringComparison.Ordinal))
        {
            errors.TryAdd("subject", ["The subject must contain {{ number }}: replies find their ticket by it."]);
        }

        return errors;
    }

    public RenderedEmail RenderReply(string? culture, ReplyModel model, MailTemplateSource? edited = null)
    {
        var language = Language(culture);
        var template = edited is null ? Reply[language] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("number", model.Number);
        context.SetValue("subject", model.Subject);
        context.SetValue("name", model.RecipientName);
        context.SetValue("body", model.Body);
        context.SetValue("body_html", string.Join("<br>", model.Body.ReplaceLineEndings("\n").Split('\n').Select(Html.Encode)));
        context.SetValue("author", model.AuthorName);
        context.SetValue("rating_html", model.RatingHtml ?? "");
        context.SetValue("rating_text", model.RatingText ?? "");
        var subject = Parse(template.Subject).Render(context, NullEncoder.Default).ReplaceLineEndings(" ").Trim();
        var text = Parse(template.Text).Render(context, NullEncoder.Default).Trim() + "\n";
        var html = Parse(template.Html).Render(context, Html);
        // Every reply carries its rating links, also under an administrator's template that does not place them.
        if (model.RatingText is { Length: > 0 } ratingText && !template.Text.Contains("rating_text", StringComparison.Ordinal))
        {
            text += "\n" + ratingText;
        }

        if (model.RatingHtml is { Length: > 0 } ratingHtml && !template.Html.Contains("rating_html", StringComparison.Ordinal))
        {
            var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = end >= 0 ? html.Insert(end, ratingHtml) : html + ratingHtml;
        }

        return new RenderedEmail(subject, text, html);
    }

    private IFluidTemplate Parse(string source) => parsed.GetOrAdd(source, s => parser.TryParse(s, out var template, out var error)
        ? template
        : throw new InvalidOperationException("Mail template does not parse: " + error));
}
