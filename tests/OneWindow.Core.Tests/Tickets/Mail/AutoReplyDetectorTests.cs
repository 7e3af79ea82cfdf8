using OneWindow.Core.Tickets.Mail;

namespace OneWindow.Core.Tests.Tickets.Mail;

public class AutoReplyDetectorTests
{
    private const string Client = "Иван Петров <ivan.petrov@severstal.example>";

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void An_ordinary_message_from_a_person_is_not_automatic()
    {
        var headers = Headers(("Subject", "Re: [OW-2026-000123] Автоответ не нужен"), ("Content-Type", "multipart/alternative; boundary=x"), ("Precedence", "normal"));
        Assert.False(AutoReplyDetector.IsAutomatic(headers, Client));
        Assert.False(AutoReplyDetector.IsAutomatic(Headers(), null));
    }

    [Theory]
    [InlineData("auto-replied")]
    [InlineData("auto-generated")]
    [InlineData("auto-notified; owner-email=\"a@b.ru\"")]
    [InlineData("AUTO-REPLIED")]
    [InlineData("")]
    public void Auto_submitted_other_than_no_is_automatic(string value)
    {
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("Auto-Submitted", value)), Client));
    }

    [Theory]
    [InlineData("no")]
    [InlineData(" No ")]
    [InlineData("no (comment)")]
    public void Auto_submitted_no_is_a_person(string value)
    {
        Assert.False(AutoReplyDetector.IsAutomatic(Headers(("Auto-Submitted", value)), Client));
    }

    [Theory]
    [InlineData("bulk", true)]
    [InlineData("Junk", true)]
    [InlineData("list", true)]
    [InlineData("auto_reply", true)]
    [InlineData("first-class", false)]
    [InlineData("urgent", false)]
    public void Precedence_bulk_junk_list_and_auto_reply_are_automatic(string value, bool expected)
    {
        Assert.Equal(expected, AutoReplyDetector.IsAutomatic(Headers(("Precedence", value)), Client));
    }

    [Theory]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Out of office")]
    [InlineData("List-Id", "<accounting.lists.example>")]
    [InlineData("List-Unsubscribe", "<mailto:unsubscribe@lists.example>")]
    public void Presence_headers_mark_automatic_mail(string name, string value)
    {
        Assert.True(AutoReplyDetector.IsAutomatic(Headers((name, value)), Client));
    }

    [Theory]
    [InlineData("All", true)]
    [InlineData("AutoReply", true)]
    [InlineData("OOF", true)]
    [InlineData("DR, RN, NRN, OOF, AutoReply", true)]
    [InlineData("DR, RN", false)]
    [InlineData("None", false)]
    public void Auto_response_suppress_with_all_autoreply_or_oof_is_automatic(string value, bool expected)
    {
        Assert.Equal(expected, AutoReplyDetector.IsAutomatic(Headers(("X-Auto-Response-Suppress", value)), Client));
    }

    [Theory]
    [InlineData("multipart/report; report-type=delivery-status; boundary=\"b\"", true)]
    [InlineData("Multipart/Report", true)]
    [InlineData("multipart/mixed; boundary=\"b\"", false)]
    [InlineData("text/plain; charset=utf-8", false)]
    public void Delivery_reports_are_automatic(string contentType, bool expected)
    {
        Assert.Equal(expected, AutoReplyDetector.IsAutomatic(Headers(("Content-Type", contentType)), Client));
    }

    [Theory]
    [InlineData("MAILER-DAEMON@mx.severstal.example", true)]
    [InlineData("Mail Delivery System <mailer-daemon@mail.ru>", true)]
    [InlineData("postmaster@yandex.ru", true)]
    [InlineData("noreply@gosuslugi.example", true)]
    [InlineData("\"1C Документооборот\" <no-reply@1c.example>", true)]
    [InlineData("DoNotReply@bank.example", true)]
    [InlineData("Postmaster Ivanov <ivanov@severstal.example>", false)]
    [InlineData("ivan.petrov@noreply-domain.example", false)]
    [InlineData("reply@severstal.example", false)]
    public void System_senders_are_automatic(string from, bool expected)
    {
        Assert.Equal(expected, AutoReplyDetector.IsAutomatic(Headers(), from));
    }

    [Fact]
    public void Header_names_are_case_insensitive_whatever_the_dictionary()
    {
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("auto-submitted", "auto-replied")), Client));
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("PRECEDENCE", "bulk")), Client));
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("list-unsubscribe", "<https://x.example/u>")), Client));
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("x-auto-response-suppress", "oof")), Client));
        Assert.True(AutoReplyDetector.IsAutomatic(Headers(("content-type", "multipart/report")), Client));
    }

    [Fact]
    public void Out_of_office_subjects_alone_are_not_inspected()
    {
        Assert.False(AutoReplyDetector.IsAutomatic(Headers(("Subject", "Автоматический ответ: Нет на месте")), Client));
        Assert.False(AutoReplyDetector.IsAutomatic(Headers(("Subject", "Out of Office: Re: invoice")), Client));
    }
}
