using System.Text;
using OneWindow.Core.Files;

namespace OneWindow.Core.Tests.Files;

public class FileSnifferTests
{
    private static byte[] Bytes(params byte[] b) => b;
    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
    private static readonly byte[] Pdf = Ascii("%PDF-1.7\n%âãÏÓ\n1 0 obj\n");
    private static readonly byte[] Png = Bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13);
    private static readonly byte[] Exe = [.. Ascii("MZ"), 0x90, 0, 3, 0, 0, 0, 4, 0];
    private static readonly byte[] Ole = Bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0);

    private static byte[] Zip(params string[] entries)
    {
        var list = new List<byte>();
        foreach (var e in entries)
        {
            list.AddRange(Bytes(0x50, 0x4B, 0x03, 0x04));
            list.AddRange(new byte[26]);
            list.AddRange(Ascii(e));
        }

        return [.. list];
    }

    [Theory]
    [InlineData("счёт.pdf", "application/pdf")]
    [InlineData("scan", "application/pdf")]
    public void A_pdf_is_a_pdf(string name, string type) => Assert.Equal(type, FileSniffer.Sniff(Pdf, name).ContentType);

    [Fact]
    public void Images_office_documents_and_mail_are_recognised()
    {
        Assert.Equal("image/png", FileSniffer.Sniff(Png, "скан.png").ContentType);
        Assert.Equal("image/jpeg", FileSniffer.Sniff(Bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10), "photo.JPG").ContentType);
        Assert.Equal("image/gif", FileSniffer.Sniff(Ascii("GIF89a\x01\0"), "a.gif").ContentType);
        Assert.Equal("image/tiff", FileSniffer.Sniff(Ascii("II*\0\x08\0\0\0"), "fax.tif").ContentType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileSniffer.Sniff(Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), "реестр.xlsx").ContentType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileSniffer.Sniff(Zip("[Content_Types].xml", "word/document.xml"), "договор.docx").ContentType);
        Assert.Equal("application/vnd.oasis.opendocument.text", FileSniffer.Sniff(Zip("mimetypeapplication/vnd.oasis.opendocument.text"), "письмо.odt").ContentType);
        Assert.Equal("application/msword", FileSniffer.Sniff(Ole, "старый.doc").ContentType);
        Assert.Equal("application/vnd.ms-excel", FileSniffer.Sniff(Ole, "старый.xls").ContentType);
        Assert.Equal("message/rfc822; charset=utf-8", FileSniffer.Sniff(Ascii("From: a@b.ru\r\nSubject: x\r\n\r\nhi"), "письмо.eml").ContentType);
    }

    [Fact]
    public void Text_is_utf8_or_windows_1251_and_1c_exports_pass()
    {
        var utf8 = Encoding.UTF8.GetBytes("Дата;Сумма\n01.11.2026;125000,50\n");
        Assert.Equal("text/csv; charset=utf-8", FileSniffer.Sniff(utf8, "выписка.csv").ContentType);
        // "1CClientBankExchange" files are Windows-1251 text.
        var cp1251 = Ascii("1CClientBankExchange\r\n").Concat(Bytes(0xD1, 0xF7, 0xE5, 0xF2, 0x0D, 0x0A)).ToArray();
        Assert.Equal("text/plain; charset=windows-1251", FileSniffer.Sniff(cp1251, "kl_to_1c.txt").ContentType);
        Assert.Equal("application/xml; charset=utf-8", FileSniffer.Sniff(Encoding.UTF8.GetBytes("\uFEFF<?xml version=\"1.0\"?><КоммерческаяИнформация/>"), "выгрузка.xml").ContentType);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Ascii("just words"), "data.xml").Refusal);
    }

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("run.bat")]
    [InlineData("run.cmd")]
    [InlineData("x.js")]
    [InlineData("x.vbs")]
    [InlineData("x.ps1")]
    [InlineData("x.scr")]
    [InlineData("x.jar")]
    [InlineData("page.html")]
    [InlineData("logo.svg")]
    [InlineData("macro.xlsm")]
    public void Programs_scripts_and_web_pages_are_refused_by_name(string name) =>
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Ascii("harmless words"), name).Refusal);

    [Fact]
    public void Programs_and_scripts_are_refused_by_content_whatever_the_name()
    {
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Exe, "noext").Refusal);
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Bytes(0x7F, 0x45, 0x4C, 0x46, 2, 1), "tool").Refusal);
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Ascii("#!/bin/sh\nrm -rf /"), "notes").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Ascii("#!/bin/sh\nrm -rf /"), "notes.txt").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Ascii("<!DOCTYPE html><html><script>alert(1)</script>"), "report.txt").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Ascii("<?xml version=\"1.0\"?><svg onload=\"alert(1)\"/>"), "image.xml").Refusal);
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Zip("META-INF/MANIFEST.MF", "a.class"), "lib.zip").Refusal);
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Zip("[Content_Types].xml", "xl/vbaProject.bin"), "book.xlsx").Refusal);
    }

    [Fact]
    public void An_extension_that_contradicts_the_content_is_refused_naming_both()
    {
        var pe = FileSniffer.Sniff(Exe, "invoice.pdf");
        Assert.Equal(FileRefusal.ExtensionMismatch, pe.Refusal);
        Assert.Contains(".pdf", pe.Reason);
        Assert.Contains("Windows program", pe.Reason);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Pdf, "scan.png").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Png, "scan.pdf").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Zip("[Content_Types].xml", "word/document.xml"), "table.xlsx").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(Ole, "doc.pdf").Refusal);
        Assert.Equal(FileRefusal.ExtensionMismatch, FileSniffer.Sniff(new byte[1234], "акт.pdf").Refusal);
    }

    [Fact]
    public void Empty_and_unknown_binaries_are_refused()
    {
        Assert.Equal(FileRefusal.Empty, FileSniffer.Sniff([], "a.pdf").Refusal);
        Assert.Equal(FileRefusal.Unrecognised, FileSniffer.Sniff(Bytes(0, 1, 2, 3, 0xFE), "blob.bin").Refusal);
        Assert.Equal(FileRefusal.ForbiddenType, FileSniffer.Sniff(Bytes(0x1F, 0x8B, 8, 0), "x.gz").Refusal);
    }
}

public class FileNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system32\\drivers\\etc\\hosts", "hosts")]
    [InlineData("C:\\Users\\Иван\\Документы\\Акт сверки №5.pdf", "Акт сверки №5.pdf")]
    [InlineData("/var/data/счёт.pdf", "счёт.pdf")]
    [InlineData("..", "file")]
    [InlineData("...", "file")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    [InlineData("a\u0000b\u0007c.txt", "abc.txt")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("what?.pdf", "what_.pdf")]
    [InlineData(".hidden", "hidden")]
    [InlineData("report..pdf", "report.pdf")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("  Счёт-фактура  .pdf ", "Счёт-фактура  .pdf")]
    public void Names_lose_paths_control_characters_and_tricks_and_keep_cyrillic(string? input, string expected) =>
        Assert.Equal(expected, FileNames.Safe(input));

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var safe = FileNames.Safe(new string('я', 400) + ".xlsx");
        Assert.Equal(FileNames.MaxLength, safe.Length);
        Assert.EndsWith("я.xlsx", safe);
    }

    [Fact]
    public void The_extension_is_lower_case_without_the_dot() => Assert.Equal("pdf", FileNames.Extension("Скан.PDF"));
}
