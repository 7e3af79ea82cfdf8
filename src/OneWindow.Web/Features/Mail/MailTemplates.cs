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

/// <summary>What the complaint loop's "what we did" email says, before rendering; the names are empty when the case is not about one.</summary>
public sealed record WhatWeDidModel(string Number, string ClientName, string Employee, string Team, string Service, string Message, string Link)
{
    /// <summary>Whom or what the grade was about: the employee, else the team, else the service.</summary>
    public string About => new[] { Employee, Team, Service }.FirstOrDefault(x => x.Length > 0) ?? "";
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
    /// <summary>The complaint loop's message to the client: what was done, and the link where they say whether that is enough.</summary>
    public const string WhatWeDidKey = "what-we-did";
    public static readonly IReadOnlyList<string> Keys = [ReplyKey, WhatWeDidKey];
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

    private static readonly Dictionary<string, Template> WhatWeDid = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "[{{ number }}] Что мы сделали по вашему отзыву",
            """
            Здравствуйте, {{ name }}!

            Спасибо за ваш отзыв{% if about %} ({{ about }}){% endif %}. Мы разобрались, и вот что сделали:

            {{ message }}

            Пожалуйста, сообщите, устраивает ли вас результат, на странице отзыва:
            {{ link }}

            Единое окно ОЦО
            --
            Отзыв {{ number }}
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>Спасибо за ваш отзыв{% if about %} ({{ about }}){% endif %}. Мы разобрались, и вот что сделали:</p>
            <blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">{{ message_html | raw }}</blockquote>
            <p><a href="{{ link }}">Сообщите, устраивает ли вас результат</a></p>
            <p>Единое окно ОЦО</p>
            <hr><p style="color:#666">Отзыв {{ number }}</p>
            """),
        ["en"] = new(
            "[{{ number }}] What we did about your feedback",
            """
            Hello {{ name }},

            Thank you for your feedback{% if about %} ({{ about }}){% endif %}. We looked into it, and here is what we did:

            {{ message }}

            Please tell us whether you are satisfied with the result on the feedback page:
            {{ link }}

            The shared service centre's single window
            --
            Feedback {{ number }}
            """,
            """
            <p>Hello {{ name }},</p>
            <p>Thank you for your feedback{% if about %} ({{ about }}){% endif %}. We looked into it, and here is what we did:</p>
            <blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">{{ message_html | raw }}</blockquote>
            <p><a href="{{ link }}">Tell us whether you are satisfied</a></p>
            <p>The shared service centre's single window</p>
            <hr><p style="color:#666">Feedback {{ number }}</p>
            """),
    };

    private static Dictionary<string, Template> DefaultsOf(string key) => key switch
    {
        ReplyKey => Reply,
        WhatWeDidKey => WhatWeDid,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown mail template."),
    };

    // Cyrillic stays readable in the HTML source; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly FluidParser parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new();

    public static string Language(string? culture) => culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ru";

    public static MailTemplateSource Default(string culture) => Default(ReplyKey, culture);

    public static MailTemplateSource Default(string key, string culture)
    {
        var t = DefaultsOf(key)[Language(culture)];
        return new MailTemplateSource(t.Subject, t.Text, t.Html);
    }

    public Dictionary<string, string[]> Check(MailTemplateSource source) => Check(ReplyKey, source);

    /// <summary>
    /// Why a template cannot be used, per part; empty when it can. A reply's subject must keep the number, which threads
    /// replies; a "what we did" email must keep the link in both bodies, since the client answers only there.
    /// </summary>
    public Dictionary<string, string[]> Check(string key, MailTemplateSource source)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in new[] { ("subject", source.Subject), ("text", source.Text), ("html", source.Html) })
        {
            if (!parser.TryParse(text, out _, out var error))
            {
                errors[field] = [$"The template does not parse: {error}"];
            }
        }

        if (key == ReplyKey && !source.Subject.Contains("number", StringComparison.Ordinal))
        {
            errors.TryAdd("subject", ["The subject must contain {{ number }}: replies find their ticket by it."]);
        }

        if (key == WhatWeDidKey)
        {
            foreach (var (field, text) in new[] { ("text", source.Text), ("html", source.Html) })
            {
                if (!text.Contains("link", StringComparison.Ordinal))
                {
                    errors.TryAdd(field, ["The email must contain {{ link }}: the client answers on the feedback page."]);
                }
            }
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
        context.SetValue("body_html", HtmlLines(model.Body));
        context.SetValue("author", model.AuthorName);
        context.SetValue("rating_html", model.RatingHtml ?? "");
        context.SetValue("rating_text", model.RatingText ?? "");
        var (subject, text, html) = Render(template, context);
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

    public RenderedEmail RenderWhatWeDid(string? culture, WhatWeDidModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? WhatWeDid[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("number", model.Number);
        context.SetValue("name", model.ClientName);
        context.SetValue("employee", model.Employee);
        context.SetValue("team", model.Team);
        context.SetValue("service", model.Service);
        context.SetValue("about", model.About);
        context.SetValue("message", model.Message);
        context.SetValue("message_html", HtmlLines(model.Message));
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    private static string HtmlLines(string text) => string.Join("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(Html.Encode));

    private (string Subject, string Text, string Html) Render(Template template, TemplateContext context) => (
        Parse(template.Subject).Render(context, NullEncoder.Default).ReplaceLineEndings(" ").Trim(),
        Parse(template.Text).Render(context, NullEncoder.Default).Trim() + "\n",
        Parse(template.Html).Render(context, Html));

    private IFluidTemplate Parse(string source) => parsed.GetOrAdd(source, s => parser.TryParse(s, out var template, out var error)
        ? template
        : throw new InvalidOperationException("Mail template does not parse: " + error));
}
