using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>The mail servers with a message given three attempts before it is dead-lettered.</summary>
public sealed class PoisonMailFactory : MailFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Mail:Imap:MaxAttempts", "3")];
}

/// <summary>
/// Messages that cannot be taken in as they are: they never loop at every poll, never answer 500, and never leave half
/// of themselves behind. The length limits are PostgreSQL's (SQLite does not enforce them), so these prove most there.
/// </summary>
public class MailPoisonTests(PoisonMailFactory app) : IClassFixture<PoisonMailFactory>
{
    private static string Unique(string subject) => $"{subject} {Guid.NewGuid().ToString("N")[..8]}";

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(Ticket Ticket, MimeMessage Sent)> AskClientByEmailAsync(string subject)
    {
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Нужен акт сверки.", fromName: "Сергей Иванов"));
        var ticketId = Assert.Single((await app.PollAsync()).Results).TicketId!.Value;
        var agent = await app.ClientForAsync(Demo.Agent);
        foreach (var body in new object[] { new { action = "Start" }, new { action = "AskClient", message = "Пришлите, пожалуйста, акт." } })
        {
            var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/actions", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await app.DeliverAsync();
        return (await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticketId)), Assert.Single(MailServers.Received(subject)));
    }

    [Fact]
    public async Task A_message_that_fails_at_every_attempt_waits_in_triage_with_its_raw_mime_and_is_not_tried_again()
    {
        var marker = Marker();
        await DatabaseRefusal.RefuseAsync(app, "refuse_" + marker, "Tickets", "Subject", marker);
        var subject = $"Отчёт для банка {marker}";
        var message = MailServers.Email(Demo.ClientA, subject, "Письмо, которое база данных не принимает.", fromName: "Сергей Иванов");
        await MailServers.AppendAsync(app.Folder, message);

        // The first attempts fail and leave the message unseen for the next poll.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Empty((await app.PollAsync()).Results);
            Assert.Equal(1, await MailServers.UnseenCountAsync(app.Folder));
            Assert.Equal(attempt, await app.WithDbAsync(db => db.Set<InboundMailFailure>().Where(f => f.MessageId == message.MessageId).Select(f => f.Attempts).SingleAsync()));
        }

        // The third is the last: the message goes to triage as failed and is marked seen.
        var result = Assert.Single((await app.PollAsync()).Results);
        Assert.Equal(InboundOutcome.Failed, result.Outcome);
        Assert.Equal(0, await MailServers.UnseenCountAsync(app.Folder));
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject == subject)));
        var kept = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.MessageId == message.MessageId));
        Assert.Equal(InboundOutcome.Failed, kept.Outcome);
        Assert.Contains("after 3 attempts", kept.Reason, StringComparison.Ordinal);
        Assert.Contains(DatabaseRefusal.Message, kept.Reason, StringComparison.Ordinal);

        // The people who work triage see it, with the error, and can download the message as it came.
        var agent = await app.ClientForAsync(Demo.Agent);
        var page = await agent.GetFromJsonAsync<JsonElement>("/api/v1/mail/triage?q=" + Uri.EscapeDataString(marker));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("Failed", item.GetProperty("outcome").GetString());
        Assert.Equal("Письмо, которое база данных не принимает.", item.GetProperty("body").GetString());
        var rawUrl = item.GetProperty("rawUrl").GetString()!;
        var raw = await agent.GetAsync(rawUrl);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType?.MediaType);
        var original = await MimeMessage.LoadAsync(await raw.Content.ReadAsStreamAsync());
        Assert.Equal(message.MessageId, original.MessageId);
        Assert.Equal(subject, original.Subject);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).GetAsync(rawUrl)).StatusCode);

        // Not tried again, and the count is done with.
        Assert.Empty((await app.PollAsync()).Results);
        Assert.False(await app.WithDbAsync(db => db.Set<InboundMailFailure>().AnyAsync(f => f.MessageId == message.MessageId)));
        await DatabaseRefusal.AllowAsync(app, "refuse_" + marker, "Tickets");
    }

    [Fact]
    public async Task A_reply_and_its_files_are_saved_together_or_not_at_all()
    {
        var subject = Unique("Акт с вложением");
        var (ticket, sent) = await AskClientByEmailAsync(subject);
        var marker = Marker();
        await DatabaseRefusal.RefuseAsync(app, "refuse_" + marker, "TicketAttachments", "FileName", marker);
        var answer = MailServers.Email(Demo.ClientA, "Re: " + sent.Subject, "Акт во вложении.", inReplyTo: sent.MessageId);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
        answer.Body = new Multipart("mixed") { answer.Body!, new MimePart("application", "pdf") { FileName = $"{marker}.pdf", Content = new MimeContent(new MemoryStream(pdf)), ContentTransferEncoding = ContentEncoding.Base64 } };
        await MailServers.AppendAsync(app.Folder, answer);

        // The file cannot be saved: neither is the message, and the ticket still waits for the client.
        Assert.Empty((await app.PollAsync()).Results);
        var after = await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticket.Id));
        Assert.DoesNotContain(after.Messages, m => m.Kind == MessageKind.ClientMessage);
        Assert.Equal(TicketStatus.WaitingForClient, after.Status);
        Assert.False(await app.WithDbAsync(db => db.InboundEmails.AnyAsync(e => e.MessageId == answer.MessageId)));
        Assert.Equal(1, await MailServers.UnseenCountAsync(app.Folder));

        // Once the file can be saved, the next poll takes in both.
        await DatabaseRefusal.AllowAsync(app, "refuse_" + marker, "TicketAttachments");
        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        var reply = await app.WithDbAsync(db => db.TicketMessages.SingleAsync(m => m.TicketId == ticket.Id && m.Kind == MessageKind.ClientMessage));
        var file = await app.WithDbAsync(db => db.TicketAttachments.SingleAsync(a => a.TicketId == ticket.Id));
        Assert.Equal(reply.Id, file.MessageId);
        Assert.Equal($"{marker}.pdf", file.FileName);
    }

    [Fact]
    public async Task A_message_id_longer_than_its_column_is_kept_as_its_hash_and_still_taken_in_once()
    {
        var subject = Unique("Длинный Message-ID");
        var message = MailServers.Email(Demo.ClientA, subject, "Почтовая программа с очень длинным идентификатором.");
        message.MessageId = new string('x', 600) + "@client.test";
        await MailServers.AppendAsync(app.Folder, message);

        Assert.Equal(InboundOutcome.Ticket, Assert.Single((await app.PollAsync()).Results).Outcome);
        var kept = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.Subject == subject));
        Assert.Matches("^sha256-[0-9a-f]{64}@hashed\\.onewindow\\.invalid$", kept.MessageId);

        await MailServers.AppendAsync(app.Folder, message);
        Assert.True(Assert.Single((await app.PollAsync()).Results).Duplicate);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject)));
        Assert.Equal(0, await MailServers.UnseenCountAsync(app.Folder));
    }

    [Fact]
    public async Task A_subject_cut_to_its_column_never_splits_a_character_in_two()
    {
        // An emoji is two UTF-16 units; cutting between them leaves half a character, which is not UTF-8 at all.
        var marker = Marker();
        var subject = marker + " " + new string('я', 999 - marker.Length - 1) + "😀" + new string('я', 200);
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Длинная тема."));

        Assert.Equal(InboundOutcome.Ticket, Assert.Single((await app.PollAsync()).Results).Outcome);
        var kept = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.Subject.StartsWith(marker)));
        Assert.Equal(999, kept.Subject.Length);
    }

    [Fact]
    public async Task A_reply_longer_than_a_message_is_cut_with_a_marker_and_kept_whole_as_a_file()
    {
        var subject = Unique("Длинный ответ");
        var (ticket, sent) = await AskClientByEmailAsync(subject);
        // 156,000 characters, and a NUL that PostgreSQL text cannot hold.
        var text = "Сверка:\0\n" + string.Concat(Enumerable.Repeat("Строка сверки 0123456789.\n", 6000));
        var answer = MailServers.Email(Demo.ClientA, "Re: " + sent.Subject, text, inReplyTo: sent.MessageId);
        ((TextPart)answer.Body!).ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        await MailServers.AppendAsync(app.Folder, answer);

        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        var reply = await app.WithDbAsync(db => db.TicketMessages.SingleAsync(m => m.TicketId == ticket.Id && m.Kind == MessageKind.ClientMessage));
        Assert.True(reply.Body.Length <= 100_000, $"{reply.Body.Length} characters");
        Assert.StartsWith("Сверка:\nСтрока сверки", reply.Body, StringComparison.Ordinal);
        Assert.EndsWith("the full text is attached as message.txt.]", reply.Body, StringComparison.Ordinal);

        var file = await app.WithDbAsync(db => db.TicketAttachments.SingleAsync(a => a.TicketId == ticket.Id && a.MessageId == reply.Id));
        Assert.Equal("message.txt", file.FileName);
        var agent = await app.ClientForAsync(Demo.Agent);
        var whole = await agent.GetStringAsync($"/api/v1/attachments/{file.Id}");
        Assert.Equal(text.Replace("\0", "", StringComparison.Ordinal).Trim(), whole);
        Assert.True((await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.TicketId == ticket.Id && e.Outcome == InboundOutcome.Reply))).Body.Length <= 100_000);
        Assert.Equal(0, await MailServers.UnseenCountAsync(app.Folder));
    }

    [Fact]
    public async Task A_triaged_email_with_a_long_list_of_attachments_stays_readable_in_triage()
    {
        var subject = Unique("Много вложений");
        var message = MailServers.Email("stranger@example.org", subject, "Двести пятьдесят файлов.");
        var mixed = new Multipart("mixed") { message.Body! };
        for (var i = 0; i < 250; i++)
        {
            mixed.Add(new MimePart("text", "plain") { FileName = $"{i:D3}-{new string('ф', 96)}.txt", Content = new MimeContent(new MemoryStream("x"u8.ToArray())) });
        }

        message.Body = mixed;
        await MailServers.AppendAsync(app.Folder, message);
        Assert.Equal(InboundOutcome.Triage, Assert.Single((await app.PollAsync()).Results).Outcome);

        var agent = await app.ClientForAsync(Demo.Agent);
        var response = await agent.GetAsync("/api/v1/mail/triage?q=" + Uri.EscapeDataString(subject));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var item = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(250, item.GetProperty("attachments").GetArrayLength());
    }
}
