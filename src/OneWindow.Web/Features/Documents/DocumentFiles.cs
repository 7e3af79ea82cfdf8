using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using OneWindow.Web.Infrastructure.Pdf;
using Md = Markdig.Syntax;
using MdTable = Markdig.Extensions.Tables;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace OneWindow.Web.Features.Documents;

/// <summary>What a printed or exported version shows in its title block: the title in the reader's language, number, status and date.</summary>
public sealed record DocumentExport(string Title, int Number, DocumentVersionStatus Status, DateTimeOffset? PublishedAt, string Markdown)
{
    public string FileName(string extension) => $"document-v{Number}.{extension}";
}

/// <summary>
/// A version as files: a PDF printed in Chromium from <see cref="DocumentPrint"/> (its sanitised HTML under a title
/// block, rendered by Blazor's HtmlRenderer as the committee pack is), and a DOCX built from Markdig's syntax tree —
/// headings as Word's Heading styles, real Word lists and tables — so the file is editable, not a pasted web page.
/// </summary>
public sealed class DocumentFiles(PdfPrinter printer, IServiceProvider services, ILoggerFactory loggers, IStringLocalizer<DocumentResource> text)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>A version the actor may read, ready to export in the current UI culture; null when there is none or it is not theirs to read.</summary>
    public static async Task<DocumentExport?> LoadAsync(AppDbContext db, CurrentActor actor, Guid versionId, CancellationToken ct)
    {
        if (await DocumentDesk.GetVersionAsync(db, actor, versionId, ct) is not { } version)
        {
            return null;
        }

        var document = await db.Set<Document>().AsNoTracking().FirstAsync(d => d.Id == version.DocumentId, ct);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new DocumentExport(document.Title(english), version.Number, version.Status, version.PublishedAt, version.Text);
    }

    public async Task<PdfResult> PdfAsync(DocumentExport export, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (!printer.Available)
        {
            return await printer.PrintAsync("", ct);
        }

        await using var renderer = new HtmlRenderer(services, loggers);
        var parameters = new Dictionary<string, object?>
        {
            [nameof(DocumentPrint.Title)] = export.Title,
            [nameof(DocumentPrint.Number)] = export.Number,
            [nameof(DocumentPrint.Status)] = export.Status,
            [nameof(DocumentPrint.PublishedAt)] = export.PublishedAt,
            [nameof(DocumentPrint.Html)] = DocumentText.Html(export.Markdown),
        };
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<DocumentPrint>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return await printer.PrintAsync(html, ct);
    }

    public byte[] Docx(DocumentExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            var numbering = new Numbering(ListDefinition(Bullets, NumberFormatValues.Bullet), ListDefinition(Numbers, NumberFormatValues.Decimal));
            var body = new Body();
            var line = string.Format(CultureInfo.CurrentCulture, text["VersionNo"], export.Number) + " · " + text["Status_" + export.Status]
                + (export.PublishedAt is { } at ? " · " + string.Format(CultureInfo.CurrentCulture, text["PublishedOn"], at.ToString("d", CultureInfo.CurrentCulture)) : "");
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), new Run(new Text(export.Title))));
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Subtitle" }), new Run(new Text(line))));
            new DocxWriter(body, numbering).Blocks(Markdown.Parse(export.Markdown ?? "", Pipeline), 0);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701U, Right = 850U, Header = 709U, Footer = 709U, Gutter = 0U }));
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = numbering;
            main.Document = new W.Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private const int Bullets = 1;
    private const int Numbers = 2;

    private static AbstractNum ListDefinition(int id, NumberFormatValues format)
    {
        var abstractNum = new AbstractNum { AbstractNumberId = id };
        for (var level = 0; level < 3; level++)
        {
            abstractNum.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = format == NumberFormatValues.Bullet ? (level == 0 ? "•" : "◦") : $"%{level + 1}." },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = (720 * (level + 1)).ToString(CultureInfo.InvariantCulture), Hanging = "360" }))
            { LevelIndex = level });
        }

        return abstractNum;
    }

    private static Styles Styles()
    {
        static Style Paragraph(string id, string name, string size, bool bold, string? basedOn = "Normal", bool heading = false)
        {
            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn });
            }

            style.Append(new PrimaryStyle());
            if (heading)
            {
                style.Append(new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" },
                    new OutlineLevel { Val = int.Parse(id[^1..], CultureInfo.InvariantCulture) - 1 }));
            }

            var run = new StyleRunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" });
            if (bold)
            {
                run.Append(new Bold());
            }

            run.Append(new FontSize { Val = size });
            style.Append(run);
            return style;
        }

        var normal = Paragraph("Normal", "Normal", "24", false, null);
        normal.Default = true;
        normal.Append(new StyleParagraphProperties(new SpacingBetweenLines { After = "120" }));
        return new Styles(normal,
            Paragraph("Title", "Title", "36", true),
            Paragraph("Subtitle", "Subtitle", "22", false),
            Paragraph("Heading1", "heading 1", "32", true, heading: true),
            Paragraph("Heading2", "heading 2", "28", true, heading: true),
            Paragraph("Heading3", "heading 3", "26", true, heading: true),
            Paragraph("ListParagraph", "List Paragraph", "24", false));
    }

    /// <summary>Walks Markdig's blocks into Word paragraphs; raw HTML in the Markdown is left out, as the sanitiser would mostly strip it.</summary>
    private sealed class DocxWriter(Body body, Numbering numbering)
    {
        private int nextList = 1;

        public void Blocks(ContainerBlock container, int depth)
        {
            foreach (var block in container)
            {
                Block(block, depth);
            }
        }

        private void Block(Md.Block block, int depth)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    body.Append(Paragraph($"Heading{Math.Clamp(heading.Level, 1, 3)}", heading.Inline));
                    break;
                case ParagraphBlock paragraph:
                    body.Append(Paragraph(null, paragraph.Inline));
                    break;
                case ListBlock list:
                    List(list, depth);
                    break;
                case MdTable.Table table:
                    body.Append(Table(table));
                    break;
                case FencedCodeBlock or CodeBlock:
                    foreach (var line in ((LeafBlock)block).Lines.Lines.Take(((LeafBlock)block).Lines.Count))
                    {
                        body.Append(new Paragraph(new Run(new RunProperties(new RunFonts { Ascii = "Courier New", HighAnsi = "Courier New" }),
                            new Text(line.Slice.ToString()) { Space = SpaceProcessingModeValues.Preserve })));
                    }

                    break;
                case ContainerBlock inner:
                    Blocks(inner, depth);
                    break;
            }
        }

        private void List(ListBlock list, int depth)
        {
            // Each numbered list counts from its own start; bulleted lists share one definition.
            var numberId = nextList++;
            var instance = new NumberingInstance(new AbstractNumId { Val = list.IsOrdered ? Numbers : Bullets }) { NumberID = numberId };
            if (list.IsOrdered)
            {
                var start = int.TryParse(list.OrderedStart, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 1, 10_000) : 1;
                for (var level = 0; level < 3; level++)
                {
                    instance.Append(new LevelOverride(new StartOverrideNumberingValue { Val = level == 0 ? start : 1 }) { LevelIndex = level });
                }
            }

            numbering.Append(instance);
            foreach (var item in list.OfType<ListItemBlock>())
            {
                var first = true;
                foreach (var child in item)
                {
                    if (first && child is ParagraphBlock paragraph)
                    {
                        var p = Paragraph("ListParagraph", paragraph.Inline);
                        p.ParagraphProperties!.Append(new NumberingProperties(new NumberingLevelReference { Val = Math.Min(depth, 2) }, new NumberingId { Val = numberId }));
                        body.Append(p);
                    }
                    else if (child is ListBlock nested)
                    {
                        List(nested, depth + 1);
                    }
                    else
                    {
                        Block(child, depth + 1);
                    }

                    first = false;
                }
            }
        }

        private static W.Table Table(MdTable.Table table)
        {
            var word = new W.Table(new TableProperties(
                new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
            foreach (var row in table.OfType<MdTable.TableRow>())
            {
                var wordRow = new W.TableRow();
                foreach (var cell in row.OfType<MdTable.TableCell>())
                {
                    var paragraph = cell.OfType<ParagraphBlock>().FirstOrDefault() is { } p ? Paragraph(null, p.Inline, row.IsHeader) : new Paragraph();
                    wordRow.Append(new W.TableCell(paragraph));
                }

                word.Append(wordRow);
            }

            return word;
        }

        private static Paragraph Paragraph(string? style, ContainerInline? inline, bool bold = false)
        {
            var paragraph = new Paragraph(new ParagraphProperties());
            if (style is not null)
            {
                paragraph.ParagraphProperties!.Append(new ParagraphStyleId { Val = style });
            }

            if (inline is not null)
            {
                Inlines(paragraph, inline, bold, false, false);
            }

            return paragraph;
        }

        private static void Inlines(Paragraph paragraph, ContainerInline container, bool bold, bool italic, bool code)
        {
            foreach (var inline in container)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        paragraph.Append(Run(literal.Content.ToString(), bold, italic, code));
                        break;
                    case CodeInline codeInline:
                        paragraph.Append(Run(codeInline.Content, bold, italic, true));
                        break;
                    case LineBreakInline lineBreak:
                        paragraph.Append(lineBreak.IsHard ? new Run(new Break()) : Run(" ", bold, italic, code));
                        break;
                    case AutolinkInline autolink:
                        paragraph.Append(Run(autolink.Url, bold, italic, code));
                        break;
                    case EmphasisInline emphasis:
                        Inlines(paragraph, emphasis, bold || emphasis.DelimiterCount >= 2, italic || emphasis.DelimiterCount == 1, code);
                        break;
                    case ContainerInline inner:
                        // Links keep their words; raw HTML inlines are not containers and drop out.
                        Inlines(paragraph, inner, bold, italic, code);
                        break;
                }
            }
        }

        private static Run Run(string value, bool bold, bool italic, bool code)
        {
            var properties = new RunProperties();
            if (code)
            {
                properties.Append(new RunFonts { Ascii = "Courier New", HighAnsi = "Courier New" });
            }

            if (bold)
            {
                properties.Append(new Bold());
            }

            if (italic)
            {
                properties.Append(new Italic());
            }

            return new Run(properties, new Text(value) { Space = SpaceProcessingModeValues.Preserve });
        }
    }
}
