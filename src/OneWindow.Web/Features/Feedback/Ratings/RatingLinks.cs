using System.Net;
using OneWindow.Web.Features.Mail;

namespace OneWindow.Web.Features.Feedback;

/// <summary>The rating links of one emailed reply or one signature: the same token, one URL per grade.</summary>
public sealed record RatingLinkSet(string Token, int Scale, string BaseUrl)
{
    public string Url(int grade) => $"{BaseUrl}/r/{Token}/{grade.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Issues signed rating links and renders them as an email block that survives Outlook, Thunderbird and web mail.</summary>
public sealed class RatingLinks(RatingKeyRing keys, TimeProvider clock, IOptions<FeedbackLinkOptions> options, IHttpContextAccessor http, IStringLocalizer<RatingResource> text)
{
    public async Task<RatingLinkSet> IssueAsync(AppDbContext db, Guid employeeId, Guid? ticketId, Guid? messageId, Guid? raterId, CancellationToken ct, string? baseUrl = null)
    {
        var settings = await RatingSettings.LoadAsync(db, ct);
        var (kid, secret) = await keys.SigningKeyAsync(ct);
        var now = clock.GetUtcNow();
        var token = RatingTokens.Create(new RatingClaims(kid, employeeId, ticketId, messageId, raterId, settings.Scale, now, now.AddDays(settings.LinkLifetimeDays)), secret);
        return new RatingLinkSet(token, settings.Scale, options.Value.PublicBaseUrl is { Length: > 0 } || baseUrl is null ? BaseUrl() : baseUrl.TrimEnd('/'));
    }

    /// <summary>The configured public address, else the address of the request being served.</summary>
    public string BaseUrl()
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        return http.HttpContext?.Request is { } request ? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/') : "http://localhost";
    }

    public static string Emoji(int scale, int grade) => (scale, grade) switch
    {
        (3, 1) => "😞", (3, 2) => "😐", (3, _) => "😀",
        (_, 1) => "😞", (_, 2) => "🙁", (_, 3) => "😐", (_, 4) => "🙂", _ => "😀",
    };

    public static string Colour(int scale, int grade) => (scale, grade) switch
    {
        (3, 1) => "#c62828", (3, 2) => "#ef8f00", (3, _) => "#2e7d32",
        (_, 1) => "#c62828", (_, 2) => "#e65100", (_, 3) => "#ef8f00", (_, 4) => "#7cb342", _ => "#2e7d32",
    };

    /// <summary>The grade's word in the current UI culture.</summary>
    public string Label(int scale, int grade) => text[$"Grade{scale}_{grade}"];

    /// <summary>The grade's word in a recipient's language.</summary>
    public string LabelIn(string? culture, int scale, int grade)
    {
        using var _ = new CultureSwitch(culture ?? "ru");
        return Label(scale, grade);
    }

    /// <summary>Table-based HTML with inline styles only: the common denominator of mail programs.</summary>
    public string EmailHtml(RatingLinkSet links, string culture)
    {
        using var _ = new CultureSwitch(culture);
        var html = new StringBuilder();
        html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:16px 0;border-collapse:collapse\"><tr><td style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#333;padding:0 0 8px 0\">")
            .Append(WebUtility.HtmlEncode(text["EmailQuestion"])).Append("</td></tr><tr><td><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:separate\"><tr>");
        for (var grade = 1; grade <= links.Scale; grade++)
        {
            var colour = Colour(links.Scale, grade);
            html.Append("<td align=\"center\" style=\"padding:0 4px 0 0\"><a href=\"").Append(WebUtility.HtmlEncode(links.Url(grade)))
                .Append("\" target=\"_blank\" style=\"display:block;width:84px;padding:10px 4px;background-color:").Append(colour)
                .Append(";border:1px solid ").Append(colour).Append(";border-radius:6px;color:#ffffff;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:13px;font-weight:bold;text-align:center\">")
                .Append("<span style=\"font-size:24px;line-height:30px\">").Append(Emoji(links.Scale, grade)).Append("</span><br>")
                .Append(grade.ToString(CultureInfo.InvariantCulture)).Append(" · ").Append(WebUtility.HtmlEncode(Label(links.Scale, grade))).Append("</a></td>");
        }

        html.Append("</tr></table></td></tr><tr><td style=\"font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#777;padding:8px 0 0 0\">")
            .Append(WebUtility.HtmlEncode(text["EmailHint"])).Append("</td></tr></table>");
        return html.ToString();
    }

    /// <summary>An employee's email signature: name, title, team, contacts, and small grade links bound to the employee only.</summary>
    public string SignatureHtml(RatingLinkSet links, string name, string? title, string? team, string? phone, string? email)
    {
        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#333\">");
        html.Append("<tr><td style=\"font-weight:bold;font-size:14px\">").Append(WebUtility.HtmlEncode(name)).Append("</td></tr>");
        foreach (var line in new[] { title, team, phone, email }.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            html.Append("<tr><td style=\"color:#555\">").Append(WebUtility.HtmlEncode(line)).Append("</td></tr>");
        }

        html.Append("<tr><td style=\"padding-top:6px\">").Append(WebUtility.HtmlEncode(text["SignatureRate"])).Append("&nbsp;");
        for (var grade = 1; grade <= links.Scale; grade++)
        {
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(links.Url(grade))).Append("\" title=\"").Append(WebUtility.HtmlEncode(Label(links.Scale, grade)))
                .Append("\" style=\"display:inline-block;padding:2px 6px;margin-right:3px;border-radius:4px;background-color:").Append(Colour(links.Scale, grade))
                .Append(";color:#ffffff;text-decoration:none;font-size:16px\">").Append(Emoji(links.Scale, grade)).Append("</a>");
        }

        return html.Append("</td></tr></table>").ToString();
    }

    public string SignatureText(RatingLinkSet links, string name, string? title, string? team, string? phone, string? email)
    {
        var lines = new StringBuilder("--\n").Append(name).Append('\n');
        foreach (var line in new[] { title, team, phone, email }.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            lines.Append(line).Append('\n');
        }

        lines.Append(text["SignatureRate"]).Append('\n');
        for (var grade = links.Scale; grade >= 1; grade--)
        {
            lines.Append(grade.ToString(CultureInfo.InvariantCulture)).Append(" — ").Append(Label(links.Scale, grade)).Append(": ").Append(links.Url(grade)).Append('\n');
        }

        return lines.ToString();
    }

    public string EmailText(RatingLinkSet links, string culture)
    {
        using var _ = new CultureSwitch(culture);
        var lines = new StringBuilder().Append(text["EmailQuestion"]).Append('\n');
        for (var grade = links.Scale; grade >= 1; grade--)
        {
            lines.Append(grade.ToString(CultureInfo.InvariantCulture)).Append(" — ").Append(Label(links.Scale, grade)).Append(": ").Append(links.Url(grade)).Append('\n');
        }

        return lines.ToString();
    }

    /// <summary>Emails are written in the recipient's language, not the sender's.</summary>
    private readonly struct CultureSwitch : IDisposable
    {
        private readonly CultureInfo previous;

        public CultureSwitch(string culture)
        {
            previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "ru-RU");
        }

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}

/// <summary>
/// The one-click rating links Mail adds to the requester's copy of an emailed reply: the requester rates the reply's
/// author, bound to that reply. Each block is recorded as a <see cref="RatingInvitation"/> in the reply's transaction.
/// </summary>
internal sealed class RatingReplyBlock(RatingLinks links, TimeProvider clock) : IReplyMailBlock
{
    public async Task<MailBlock?> ForReplyAsync(AppDbContext db, TicketReplyMail reply, CancellationToken ct)
    {
        // Only a client rates, and only SSC staff are rated.
        var recipientCompany = await db.Users.AsNoTracking().Where(u => u.Id == reply.RecipientId).Select(u => u.CompanyId).FirstOrDefaultAsync(ct);
        if (reply.AuthorId is not { } authorId || recipientCompany is not { } companyId
            || !await db.Users.AsNoTracking().AnyAsync(u => u.Id == authorId && u.CompanyId == null, ct))
        {
            return null;
        }

        var set = await links.IssueAsync(db, authorId, reply.TicketId, reply.ReplyId, reply.RecipientId, ct);
        db.Set<RatingInvitation>().Add(new RatingInvitation { CompanyId = companyId, PersonId = reply.RecipientId, TicketId = reply.TicketId, SentAt = clock.GetUtcNow() });
        return new MailBlock(links.EmailHtml(set, reply.Culture), links.EmailText(set, reply.Culture));
    }
}

/// <summary>Reads the feedback settings row; defaults until an administrator saves one.</summary>
public static class RatingSettings
{
    public static async Task<FeedbackSettings> LoadAsync(AppDbContext db, CancellationToken ct) =>
        await db.FeedbackSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct) ?? new FeedbackSettings();

    /// <summary>The reason categories as (key, label in the current UI culture).</summary>
    public static List<(string Key, string Label)> Reasons(FeedbackSettings settings)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return [.. settings.ReasonCategories.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(parts => parts[0].Length > 0)
            .Select(parts => (parts[0], parts.Length > 2 && english ? parts[2] : parts.Length > 1 ? parts[1] : parts[0]))];
    }
}
