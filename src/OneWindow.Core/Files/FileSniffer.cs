using System.Text;
using System.Text.Unicode;

namespace OneWindow.Core.Files;

/// <summary>Why a file was refused.</summary>
public enum FileRefusal
{
    None = 0,
    Empty,
    /// <summary>An executable, a script, HTML or SVG (they can carry script), or an archive that is not an office document.</summary>
    ForbiddenType,
    /// <summary>The name says one type and the bytes another (e.g. invoice.pdf that is a Windows program).</summary>
    ExtensionMismatch,
    /// <summary>Neither a known document, image, text nor mail format.</summary>
    Unrecognised,
}

/// <summary>The verdict on a file: its real kind and the content type to serve it with, or why it is refused.</summary>
public sealed record SniffResult(FileRefusal Refusal, string Kind, string ContentType, string? Reason)
{
    public bool Accepted => Refusal == FileRefusal.None;

    internal static SniffResult Accept(string kind, string contentType) => new(FileRefusal.None, kind, contentType, null);
    internal static SniffResult Refuse(FileRefusal refusal, string kind, string reason) => new(refusal, kind, "application/octet-stream", reason);
}

/// <summary>
/// Decides what a file really is from its first bytes and its declared name; the declared content type is never
/// trusted. Accepts documents, images, plain text (UTF-8 or Windows-1251, as 1C exports are) and mail; refuses
/// executables, scripts, HTML and SVG, other archives, and any file whose extension contradicts its content.
/// </summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants; fewer is fine for short files.</summary>
    public const int HeaderLength = 8192;

    private static readonly HashSet<string> ForbiddenExtensions = new(StringComparer.Ordinal)
    {
        "exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "msc", "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "mjs",
        "wsf", "wsh", "hta", "jar", "class", "apk", "app", "sh", "bash", "py", "pl", "rb", "php", "lnk", "reg", "inf", "iso", "img", "vhd",
        "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "swf", "chm", "docm", "xlsm", "pptm", "dotm", "xlam",
    };

    private static readonly Dictionary<string, string> OoxmlTypes = new(StringComparer.Ordinal)
    {
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    private static readonly Dictionary<string, string> OdfTypes = new(StringComparer.Ordinal)
    {
        ["odt"] = "application/vnd.oasis.opendocument.text",
        ["ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        ["odp"] = "application/vnd.oasis.opendocument.presentation",
    };

    private static readonly Dictionary<string, string> OleTypes = new(StringComparer.Ordinal)
    {
        ["doc"] = "application/msword",
        ["xls"] = "application/vnd.ms-excel",
        ["ppt"] = "application/vnd.ms-powerpoint",
        ["msg"] = "application/vnd.ms-outlook",
    };

    private static readonly Dictionary<string, string> TextTypes = new(StringComparer.Ordinal)
    {
        ["txt"] = "text/plain",
        ["csv"] = "text/csv",
        ["tsv"] = "text/tab-separated-values",
        ["xml"] = "application/xml",
        ["json"] = "application/json",
        ["eml"] = "message/rfc822",
        ["log"] = "text/plain",
    };

    public static SniffResult Sniff(ReadOnlySpan<byte> head, string? fileName)
    {
        var extension = FileNames.Extension(FileNames.Safe(fileName));
        if (head.Length == 0)
        {
            return SniffResult.Refuse(FileRefusal.Empty, "empty", "The file is empty.");
        }

        if (ForbiddenExtensions.Contains(extension))
        {
            return SniffResult.Refuse(FileRefusal.ForbiddenType, extension, $"Files of type .{extension} are not accepted (programs, scripts, macros, web pages and images that can carry script).");
        }

        var dangerous = Dangerous(head);
        if (dangerous is not null)
        {
            return KnownHarmlessExtension(extension)
                ? SniffResult.Refuse(FileRefusal.ExtensionMismatch, dangerous, $"The name says .{extension}, but the content is {dangerous}.")
                : SniffResult.Refuse(FileRefusal.ForbiddenType, dangerous, $"The content is {dangerous}, which is not accepted.");
        }

        if (Binary(head, extension) is { } binary)
        {
            return binary;
        }

        if (LooksLikeText(head))
        {
            return Text(head, extension);
        }

        return KnownHarmlessExtension(extension)
            ? SniffResult.Refuse(FileRefusal.ExtensionMismatch, "unknown", $"The name says .{extension}, but the content is not a {extension.ToUpperInvariant()} file.")
            : SniffResult.Refuse(FileRefusal.Unrecognised, "unknown", "The file type is not recognised; send PDF, office documents, images, text or mail.");
    }

    private static bool KnownHarmlessExtension(string extension) =>
        extension is "pdf" or "png" or "jpg" or "jpeg" or "jpe" or "gif" or "tif" or "tiff"
        || OoxmlTypes.ContainsKey(extension) || OdfTypes.ContainsKey(extension) || OleTypes.ContainsKey(extension) || TextTypes.ContainsKey(extension);

    /// <summary>Programs and scripts recognised by their first bytes, whatever the name says.</summary>
    private static string? Dangerous(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("MZ"u8))
        {
            return "a Windows program";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']))
        {
            return "a Linux program";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE])
            || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF]) || head.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]))
        {
            return "a macOS program or Java class";
        }

        if (SkipBomAndSpace(head).StartsWith("#!"u8))
        {
            return "a script";
        }

        if (head.StartsWith("FWS"u8) || head.StartsWith("CWS"u8) || head.StartsWith("ZWS"u8))
        {
            return "a Flash program";
        }

        return null;
    }

    private static SniffResult? Binary(ReadOnlySpan<byte> head, string extension)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Expect(extension, ["pdf"], "PDF", "application/pdf");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Expect(extension, ["png"], "PNG image", "image/png");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Expect(extension, ["jpg", "jpeg", "jpe"], "JPEG image", "image/jpeg");
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Expect(extension, ["gif"], "GIF image", "image/gif");
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return Expect(extension, ["tif", "tiff"], "TIFF image", "image/tiff");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return OleTypes.TryGetValue(extension, out var ole)
                ? SniffResult.Accept(extension, ole)
                : Mismatch(extension, "a legacy Office (OLE) document", OleTypes.Keys);
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return Zip(head, extension);
        }

        if (head.StartsWith("Rar!"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return SniffResult.Refuse(FileRefusal.ForbiddenType, "archive", "Archives are not accepted: attach the documents themselves.");
        }

        return null;
    }

    /// <summary>A zip is accepted only as an Office Open XML or OpenDocument file whose extension says which.</summary>
    private static SniffResult Zip(ReadOnlySpan<byte> head, string extension)
    {
        if (head.IndexOf("application/vnd.oasis.opendocument."u8) >= 0)
        {
            return OdfTypes.TryGetValue(extension, out var odf) ? SniffResult.Accept(extension, odf) : Mismatch(extension, "an OpenDocument file", OdfTypes.Keys);
        }

        if (head.IndexOf("vbaProject.bin"u8) >= 0)
        {
            return SniffResult.Refuse(FileRefusal.ForbiddenType, "macro", "Office documents with macros are not accepted.");
        }

        var ooxml = head.IndexOf("[Content_Types].xml"u8) >= 0 || head.IndexOf("_rels/.rels"u8) >= 0;
        if (ooxml)
        {
            var part = head.IndexOf("word/"u8) >= 0 ? "docx" : head.IndexOf("xl/"u8) >= 0 ? "xlsx" : head.IndexOf("ppt/"u8) >= 0 ? "pptx" : null;
            if (OoxmlTypes.TryGetValue(extension, out var type) && (part is null || part == extension))
            {
                return SniffResult.Accept(extension, type);
            }

            return Mismatch(extension, "an Office Open XML document", OoxmlTypes.Keys);
        }

        return KnownHarmlessExtension(extension) && extension != "zip"
            ? SniffResult.Refuse(FileRefusal.ExtensionMismatch, "zip", $"The name says .{extension}, but the content is a zip archive.")
            : SniffResult.Refuse(FileRefusal.ForbiddenType, "zip", "Archives are not accepted: attach the documents themselves.");
    }

    private static SniffResult Expect(string extension, string[] allowed, string kind, string contentType) =>
        extension.Length == 0 || allowed.Contains(extension)
            ? SniffResult.Accept(allowed[0], contentType)
            : Mismatch(extension, kind, allowed);

    private static SniffResult Mismatch(string extension, string kind, IEnumerable<string> expected) =>
        SniffResult.Refuse(FileRefusal.ExtensionMismatch, kind,
            extension.Length == 0
                ? $"The content is {kind}; name the file with its extension ({string.Join(", ", expected.Select(e => "." + e))})."
                : $"The name says .{extension}, but the content is {kind}.");

    private static SniffResult Text(ReadOnlySpan<byte> head, string extension)
    {
        var utf8 = IsUtf8(head);
        var start = SkipBomAndSpace(head);
        var lower = Encoding.Latin1.GetString(start[..Math.Min(start.Length, 1024)]).ToLowerInvariant();
        if (lower.StartsWith("<!doctype html", StringComparison.Ordinal) || lower.StartsWith("<html", StringComparison.Ordinal)
            || lower.Contains("<script", StringComparison.Ordinal) || lower.Contains("<svg", StringComparison.Ordinal)
            || lower.Contains("<iframe", StringComparison.Ordinal) || lower.Contains("<body", StringComparison.Ordinal))
        {
            return KnownHarmlessExtension(extension)
                ? SniffResult.Refuse(FileRefusal.ExtensionMismatch, "html", $"The name says .{extension}, but the content is a web page or SVG, which can carry script.")
                : SniffResult.Refuse(FileRefusal.ForbiddenType, "html", "Web pages and SVG images are not accepted: they can carry script.");
        }

        if (lower.StartsWith("{\\rtf", StringComparison.Ordinal))
        {
            return SniffResult.Refuse(FileRefusal.ForbiddenType, "rtf", "RTF files are not accepted (they can embed objects); send DOCX or PDF.");
        }

        var charset = utf8 ? "utf-8" : "windows-1251";
        if (extension.Length == 0)
        {
            return SniffResult.Accept("txt", $"text/plain; charset={charset}");
        }

        if (!TextTypes.TryGetValue(extension, out var type))
        {
            return KnownHarmlessExtension(extension)
                ? SniffResult.Refuse(FileRefusal.ExtensionMismatch, "text", $"The name says .{extension}, but the content is plain text.")
                : SniffResult.Refuse(FileRefusal.Unrecognised, "text", $"Files of type .{extension} are not accepted.");
        }

        if (extension == "xml" && !lower.StartsWith('<'))
        {
            return SniffResult.Refuse(FileRefusal.ExtensionMismatch, "text", "The name says .xml, but the content is not XML.");
        }

        return SniffResult.Accept(extension, $"{type}; charset={charset}");
    }

    /// <summary>Text: no NUL bytes and no control characters beyond tab, line breaks, form feed and end-of-file.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C or 0x1A))
            {
                return false;
            }
        }

        // 0x98 is the one byte Windows-1251 leaves undefined; anything else reads as Cyrillic text when it is not UTF-8.
        return IsUtf8(head) || head.IndexOf((byte)0x98) < 0;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        // The header may cut a multi-byte character in two; up to three trailing bytes are allowed to be incomplete.
        for (var cut = 0; cut <= Math.Min(3, head.Length); cut++)
        {
            if (Utf8.IsValid(head[..^cut]))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> SkipBomAndSpace(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var i = 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return head[i..];
    }
}
