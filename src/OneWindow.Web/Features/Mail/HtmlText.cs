using MimeKit.Text;

namespace OneWindow.Web.Features.Mail;

/// <summary>Plain text of an HTML-only email: text content with line breaks at block ends, scripts and styles dropped.</summary>
internal static class HtmlText
{
    private static readonly HashSet<HtmlTagId> Breaks = [HtmlTagId.Br, HtmlTagId.P, HtmlTagId.Div, HtmlTagId.LI, HtmlTagId.TR, HtmlTagId.BlockQuote,
        HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.Table, HtmlTagId.HR];

    public static string Convert(string html)
    {
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skipping = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    skipping += tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1;
                    break;
                case HtmlTagToken tag when Breaks.Contains(tag.Id) && (tag.IsEndTag || tag.Id is HtmlTagId.Br or HtmlTagId.HR):
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skipping <= 0 && token is not HtmlCDataToken and not HtmlScriptDataToken:
                    text.Append(data.Data);
                    break;
            }
        }

        var lines = text.ToString().Replace('\u00a0', ' ').Split('\n').Select(l => string.Join(' ', l.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), "\n{3,}", "\n\n").Trim();
    }
}
