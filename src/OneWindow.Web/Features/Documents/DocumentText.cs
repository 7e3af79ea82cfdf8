using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Ganss.Xss;
using Markdig;

namespace OneWindow.Web.Features.Documents;

/// <summary>One line of a diff between two versions: Unchanged, Inserted or Deleted, with its number in the newer text.</summary>
public sealed record DiffLine(string Kind, int? Number, string Text);

/// <summary>A document's Markdown as safe HTML, and line diffs between versions.</summary>
public static class DocumentText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>
    /// Markdown to HTML, then sanitised: the text is written by people (reviewers' suggestions get pasted in), and the
    /// HTML is shown as markup to everyone who signs in, so scripts, event handlers and javascript: links are stripped.
    /// </summary>
    public static string Html(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? "", Pipeline);
        return new HtmlSanitizer().Sanitize(html);
    }

    /// <summary>A line diff from one text to another (whitespace counts: Markdown's indentation means something).</summary>
    public static List<DiffLine> Diff(string from, string to) =>
        [.. InlineDiffBuilder.Diff(from ?? "", to ?? "", ignoreWhiteSpace: false).Lines
            .Where(l => l.Type != ChangeType.Imaginary)
            .Select(l => new DiffLine(l.Type switch { ChangeType.Inserted => "Inserted", ChangeType.Deleted => "Deleted", _ => "Unchanged" }, l.Position, l.Text ?? ""))];
}
