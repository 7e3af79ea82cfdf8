using System.Text.Encodings.Web;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// The minutes as a document in the Russian style of GOST R 7.0.97: the organisation's heading, «ПРОТОКОЛ» with its
/// number, date and place, the chair and secretary, who attended, the agenda, then per item «СЛУШАЛИ» and «РЕШИЛИ» with
/// the action items, and the signatures. In Russian whatever the reader's language: it is the official record.
/// </summary>
public static class MinutesDocuments
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static string FileName(MinutesView view, string extension)
    {
        ArgumentNullException.ThrowIfNull(view);
        return $"protocol-{view.Number}-{view.Date:yyyy-MM-dd}.{extension}";
    }

    /// <summary>The lines of the document in order, each with its layout; the DOCX and the HTML are two renderings of it.</summary>
    private static List<(Line Kind, string Text)> Lines(MinutesView view)
    {
        var lines = new List<(Line, string)>();
        var heading = view.Companies.Count > 0 ? string.Join(", ", view.Companies) : "Центр общего обслуживания";
        lines.Add((Line.Heading, heading));
        lines.Add((Line.Heading, view.Committee));
        lines.Add((Line.Title, "ПРОТОКОЛ"));
        lines.Add((Line.Center, $"{view.Date.ToString("dd.MM.yyyy", Ru)} № {view.Number}"));
        if (view.Place is { Length: > 0 } place)
        {
            lines.Add((Line.Center, place));
        }

        lines.Add((Line.Plain, $"Председатель — {view.Chair ?? "—"}"));
        lines.Add((Line.Plain, $"Секретарь — {view.Secretary ?? "—"}"));
        var present = view.People.Where(p => p.Present).ToList();
        lines.Add((Line.Plain, $"Присутствовали: {present.Count} чел."));
        foreach (var p in present)
        {
            lines.Add((Line.Indented, $"{p.Name} ({(p.Side == CommitteeSide.Ssc ? "ЦОБ" : "клиент")})"));
        }

        lines.Add((Line.Bold, "Повестка дня:"));
        var n = 0;
        foreach (var d in view.Decisions)
        {
            lines.Add((Line.Indented, $"{++n}. {FirstLine(d.Heard)}"));
        }

        n = 0;
        foreach (var d in view.Decisions)
        {
            lines.Add((Line.Bold, $"{++n}. СЛУШАЛИ:"));
            lines.Add((Line.Plain, d.Heard));
            lines.Add((Line.Bold, "РЕШИЛИ:"));
            lines.Add((Line.Plain, d.Decided));
            var i = 0;
            foreach (var item in d.ActionItems)
            {
                lines.Add((Line.Indented, $"{n}.{++i}. {item.Title} — ответственный: {item.Owner}, срок: {item.DueOn.ToString("dd.MM.yyyy", Ru)}"));
            }
        }

        lines.Add((Line.Signature, $"Председатель\t__________\t{Initials(view.Chair)}"));
        lines.Add((Line.Signature, $"Секретарь\t__________\t{Initials(view.Secretary)}"));
        return lines;
    }

    public static byte[] Docx(MinutesView view)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var (kind, text) in Lines(view))
            {
                body.Append(Paragraph(kind, text));
            }

            // A4 with the margins GOST R 7.0.97 asks for: 20 mm left, top and bottom, 10 mm right.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 567U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(Line kind, string text)
    {
        var properties = new ParagraphProperties(new SpacingBetweenLines { After = kind is Line.Title or Line.Signature ? "240" : "80" });
        if (kind is Line.Heading or Line.Title or Line.Center)
        {
            properties.Append(new Justification { Val = JustificationValues.Center });
        }

        if (kind == Line.Indented)
        {
            properties.Append(new Indentation { Left = "709" });
        }

        if (kind == Line.Signature)
        {
            properties.Append(new Tabs(new TabStop { Val = TabStopValues.Left, Position = 3402 }, new TabStop { Val = TabStopValues.Left, Position = 6804 }));
        }

        var paragraph = new Paragraph(properties);
        var segments = text.ReplaceLineEndings("\n").Split('\n');
        for (var s = 0; s < segments.Length; s++)
        {
            var runProperties = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" },
                new FontSize { Val = kind == Line.Title ? "32" : "28" });
            if (kind is Line.Title or Line.Bold or Line.Heading)
            {
                runProperties.Append(new Bold());
            }

            var run = new Run(runProperties);
            if (s > 0)
            {
                run.Append(new Break());
            }

            var parts = segments[s].Split('\t');
            for (var p = 0; p < parts.Length; p++)
            {
                if (p > 0)
                {
                    run.Append(new TabChar());
                }

                run.Append(new Text(parts[p]) { Space = SpaceProcessingModeValues.Preserve });
            }

            paragraph.Append(run);
        }

        return paragraph;
    }

    /// <summary>The minutes as an HTML page for the PDF printer, with the same lines as the DOCX.</summary>
    public static string Html(MinutesView view)
    {
        var html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>").Append(html.Encode(FileName(view, "pdf"))).Append("</title><style>")
            .Append("@page{size:A4;margin:20mm 10mm 20mm 20mm}body{font-family:'Times New Roman',serif;font-size:14pt}")
            .Append(".heading,.title,.center{text-align:center}.heading,.bold,.title{font-weight:bold}.title{font-size:16pt;margin-top:12pt}")
            .Append(".indented{margin-left:12.5mm}p{margin:0 0 4pt 0;white-space:pre-wrap}.signature{margin-top:24pt;display:flex;gap:20mm}")
            .Append("</style></head><body>");
        foreach (var (kind, text) in Lines(view))
        {
            var css = kind.ToString().ToLowerInvariant();
            if (kind == Line.Signature)
            {
                sb.Append("<p class=\"signature\">");
                foreach (var part in text.Split('\t'))
                {
                    sb.Append("<span>").Append(html.Encode(part)).Append("</span>");
                }

                sb.Append("</p>");
                continue;
            }

            sb.Append("<p class=\"").Append(css).Append("\">").Append(html.Encode(text)).Append("</p>");
        }

        return sb.Append("</body></html>").ToString();
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>«И. О. Фамилия» from «Фамилия Имя Отчество», «И. Фамилия» from «Имя Фамилия»; the name as it is otherwise.</summary>
    public static string Initials(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName))
        {
            return "";
        }

        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            2 => $"{parts[0][0]}. {parts[1]}",
            3 => $"{parts[1][0]}. {parts[2][0]}. {parts[0]}",
            _ => fullName.Trim(),
        };
    }

    private enum Line
    {
        Heading,
        Title,
        Center,
        Plain,
        Bold,
        Indented,
        Signature,
    }
}
