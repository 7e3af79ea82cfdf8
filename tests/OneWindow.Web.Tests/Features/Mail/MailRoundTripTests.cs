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

/// <summary>
/// End to end over real protocols: mail appended to a real Dovecot mailbox is polled over IMAP, and the outbox is
/// sent over SMTP to a real receiver that stores what it gets.
/// </summary>
public class MailRoundTripTests(MailFactory app) : IClassFixture<MailFactory>
{
    private static string Unique(string subject) => $"{subject} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<Ticket> TicketBySubjectAsync(string subject) =>
        await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Subject == subject));

    private async Task<Ticket> EmailTicketAsync(string subject, string body = "Когда будет закрыт ноябрь?")
    {
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, body, fromName: "Сергей Иванов"));
        var report = await app.PollAsync();
        Assert.Contains(report.Results, r => r.Outcome == InboundOutcome.Ticket);
        return await TicketBySubjectAsync(subject);
    }

    private static async Task ActAsync(HttpClient client, Guid id, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_message_from_a_client_person_becomes_an_email_ticket_once_however_often_it_is_delivered()
    {
        var subject = Unique("Вопрос по закрытию периода");
        var message = MailServers.Email(Demo.ClientA, subject, "Добрый день!\nКогда будет закрыт ноябрь?", fromName: "Сергей Иванов");
        var pdf = new byte[1234];
        "%PDF-1.7\n"u8.CopyTo(pdf);
        var attachment = new MimePart("application", "pdf") { FileName = "акт.pdf", Content = new MimeContent(new MemoryStream(pdf)), ContentTransferEncoding = ContentEncoding.Base64 };
        // A program dressed as a document is refused, but recorded on the ticket with the reason.
        var disguised = new MimePart("application", "pdf") { FileName = "счёт.pdf", Content = new MimeContent(new MemoryStream([(byte)'M', (byte)'Z', 0x90, 0])), ContentTransferEncoding = ContentEncoding.Base64 };
        message.Body = new Multipart("mixed") { message.Body!, attachment, disguised };
        await MailServers.AppendAsync(app.Folder, message);

        var report = await app.PollAsync();

        var ticket = await TicketBySubjectAsync(subject);
        Assert.Equal(TicketChannel.Email, ticket.Channel);
        Assert.Contains("Когда будет закрыт ноябрь?", ticket.Description);
        var (requester, requestType) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Id == ticket.RequesterId).Select(u => u.Email).SingleAsync(),
            await db.RequestTypes.Where(t => t.Id == ticket.RequestTypeId).Select(t => t.Code).SingleAsync()));
        Assert.Equal(Demo.ClientA, requester);
        Assert.Equal("CLOSE-Q", requestType);
        Assert.Equal(ticket.RequesterId, ticket.CreatedById);
        Assert.Equal(ticket.Id, Assert.Single(report.Results).TicketId);
        Assert.Equal(0, await MailServers.UnseenCountAsync(app.Folder));

        var inbound = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.MessageId == message.MessageId));
        var attachments = JsonDocument.Parse(inbound.Attachments).RootElement.EnumerateArray().ToList();
        Assert.Equal(["акт.pdf", "счёт.pdf"], attachments.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(1234, attachments[0].GetProperty("size").GetInt64());
        Assert.Contains("Windows program", attachments[1].GetProperty("refused").GetString(), StringComparison.Ordinal);

        // The content is stored with the ticket and downloads as it was sent.
        var stored = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.TicketId == ticket.Id).OrderBy(a => a.FileName).ToListAsync());
        Assert.Equal(["акт.pdf", "счёт.pdf"], stored.Select(a => a.FileName));
        Assert.Equal(attachments[0].GetProperty("attachmentId").GetGuid(), stored[0].Id);
        Assert.Equal(OneWindow.Web.Features.Attachments.AttachmentSource.Email, stored[0].Source);
        Assert.Null(stored[0].RefusedReason);
        Assert.NotNull(stored[1].RefusedReason);
        Assert.Null(stored[1].StorageKey);
        var agent = await app.ClientForAsync(Demo.Agent);
        var download = await agent.GetAsync($"/api/v1/attachments/{stored[0].Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/attachments/{stored[1].Id}")).StatusCode);

        // The same message delivered again (a server redelivery, or a crash before \Seen was stored) makes nothing new.
        await MailServers.AppendAsync(app.Folder, message);
        var again = await app.PollAsync();
        Assert.True(Assert.Single(again.Results).Duplicate);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject)));
        Assert.Equal(0, await MailServers.UnseenCountAsync(app.Folder));
    }

    [Fact]
    public async Task An_administrators_edited_template_is_used_for_the_next_reply()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var saved = await admin.PutAsJsonAsync("/api/v1/mail/templates/reply/ru", new
        {
            subject = "[{{ number }}] Ответ по обращению: {{ subject }}",
            text = "Уважаемый(ая) {{ name }}!\n\n{{ body }}\n\nКоманда ОЦО «Меридиан»",
            html = "<p>Уважаемый(ая) {{ name }}!</p><p>{{ body_html | raw }}</p>",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        try
        {
            var subject = Unique("Шаблон письма");
            var ticket = await EmailTicketAsync(subject);
            var agent = await app.ClientForAsync(Demo.Agent);
            Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { kind = "PublicReply", body = "Готовим ответ." })).StatusCode);
            await app.DeliverAsync();
            var sent = Assert.Single(MailServers.Received(subject));
            Assert.Equal($"[{ticket.Number}] Ответ по обращению: {subject}", sent.Subject);
            Assert.Contains("Команда ОЦО «Меридиан»", sent.TextBody);
        }
        finally
        {
            await admin.DeleteAsync("/api/v1/mail/templates/reply/ru");
        }
    }

    [Fact]
    public async Task A_colleague_copied_on_the_ticket_gets_the_reply_too_and_outsiders_never_do()
    {
        var subject = Unique("Копия финансовому директору");
        var ticket = await EmailTicketAsync(subject);
        var agent = await app.ClientForAsync(Demo.Agent);
        var executive = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/watchers", new { userId = executive })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { kind = "PublicReply", body = "Сверка готова." })).StatusCode);

        await app.DeliverAsync();
        var sent = MailServers.Received(subject);
        Assert.Equal([Demo.ExecutiveA, Demo.ClientA], sent.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.StartsWith($"[{ticket.Number}]", m.Subject, StringComparison.Ordinal));
        Assert.DoesNotContain(sent, m => m.To.Mailboxes.Single().Address == Demo.Csm); // SSC watchers are not emailed client replies
    }

    [Fact]
    public async Task The_agents_reply_is_emailed_and_the_clients_answer_threads_back_without_the_quoted_history()
    {
        var subject = Unique("Акт сверки за октябрь");
        var ticket = await EmailTicketAsync(subject);
        var agent = await app.ClientForAsync(Demo.Agent);
        await ActAsync(agent, ticket.Id, new { action = "Start" });
        await ActAsync(agent, ticket.Id, new { action = "AskClient", message = "Уточните, пожалуйста, юрлицо." });

        var delivery = await app.DeliverAsync();
        Assert.True(delivery.Sent >= 1);
        var sent = Assert.Single(MailServers.Received(subject));
        Assert.Equal($"[{ticket.Number}] {subject}", sent.Subject);
        Assert.Equal(Demo.ClientA, sent.To.Mailboxes.Single().Address);
        Assert.Contains("Уточните, пожалуйста, юрлицо.", sent.TextBody);
        Assert.Contains("Здравствуйте, Сергей Иванов!", sent.TextBody);
        Assert.Contains("Уточните, пожалуйста, юрлицо.", sent.HtmlBody);
        var reply = (await TicketBySubjectAsync(subject)).Messages.Single(m => m.Kind == MessageKind.PublicReply);
        Assert.Equal(reply.EmailMessageId, sent.MessageId);
        var outbox = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.MessageId == sent.MessageId));
        Assert.Equal(OutboxStatus.Sent, outbox.Status);

        // The client answers from their mail program: In-Reply-To names the email, the history is quoted below.
        var answer = MailServers.Email(Demo.ClientA, "Re: " + sent.Subject,
            "ООО «Уральская горная компания», ИНН 6600000001.\n\nOn Fri, 27 Nov 2026 at 10:00, OneWindow <desk@onewindow.test> wrote:\n> Уточните, пожалуйста, юрлицо.\n> --\n> Обращение",
            inReplyTo: sent.MessageId);
        await MailServers.AppendAsync(app.Folder, answer);
        var report = await app.PollAsync();
        Assert.Equal(InboundOutcome.Reply, Assert.Single(report.Results).Outcome);

        var after = await TicketBySubjectAsync(subject);
        var clientMessage = after.Messages.Single(m => m.Kind == MessageKind.ClientMessage);
        Assert.Equal("ООО «Уральская горная компания», ИНН 6600000001.", clientMessage.Body);
        Assert.Equal(answer.MessageId, clientMessage.EmailMessageId);
        Assert.Equal("Сергей Иванов", clientMessage.AuthorName);
        Assert.Equal(TicketStatus.InProgress, after.Status);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject)));

        // The next reply threads on the client's answer.
        await ActAsync(agent, ticket.Id, new { action = "Resolve", message = "Готово." });
        await app.DeliverAsync();
        var second = MailServers.Received(subject).Single(m => m.TextBody?.Contains("Готово.", StringComparison.Ordinal) == true);
        Assert.Equal(answer.MessageId, second.InReplyTo);
        Assert.Contains(sent.MessageId, second.References);
    }

    [Fact]
    public async Task A_colleague_answering_their_copy_under_a_subject_of_their_own_threads_into_the_ticket()
    {
        var subject = Unique("Закрытие квартала");
        var ticket = await EmailTicketAsync(subject);
        var agent = await app.ClientForAsync(Demo.Agent);
        var executive = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/watchers", new { userId = executive })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { kind = "PublicReply", body = "Нужны пояснения." })).StatusCode);
        await app.DeliverAsync();
        var copy = MailServers.Received(subject).Single(m => m.To.Mailboxes.Single().Address == Demo.ExecutiveA);

        // Her copy's Message-ID (with the ticket's reply token) is the proof; the number in the subject is only a hint.
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ExecutiveA, $"RE: {ticket.Number.ToLowerInvariant()} дополнение", "Прикладываю пояснения.", inReplyTo: copy.MessageId));
        var report = await app.PollAsync();

        Assert.Equal(InboundOutcome.Reply, Assert.Single(report.Results).Outcome);
        var message = (await TicketBySubjectAsync(subject)).Messages.Single(m => m.Kind == MessageKind.ClientMessage);
        Assert.Equal("Прикладываю пояснения.", message.Body);
        Assert.Equal("Наталья Лебедева", message.AuthorName);
    }

    [Fact]
    public async Task An_auto_reply_makes_no_ticket_no_message_and_no_email()
    {
        var subject = Unique("Вопрос перед отпуском");
        var ticket = await EmailTicketAsync(subject);
        var agent = await app.ClientForAsync(Demo.Agent);
        await ActAsync(agent, ticket.Id, new { action = "Start" });
        await ActAsync(agent, ticket.Id, new { action = "AskClient", message = "Какой период?" });
        await app.DeliverAsync();
        var sent = Assert.Single(MailServers.Received(subject));
        var outboxBefore = await app.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var autoReply = MailServers.Email(Demo.ClientA, "Автоответ: " + sent.Subject, "Я в отпуске до 10 декабря.", inReplyTo: sent.MessageId);
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        await MailServers.AppendAsync(app.Folder, autoReply);
        var bounce = MailServers.Email("MAILER-DAEMON@ural-mining.demo", "Undelivered Mail Returned to Sender", "The mail system could not deliver.");
        await MailServers.AppendAsync(app.Folder, bounce);
        var report = await app.PollAsync();

        Assert.All(report.Results, r => Assert.Equal(InboundOutcome.Ignored, r.Outcome));
        Assert.Equal(2, report.Results.Count);
        var after = await TicketBySubjectAsync(subject);
        Assert.DoesNotContain(after.Messages, m => m.Kind == MessageKind.ClientMessage);
        Assert.Equal(TicketStatus.WaitingForClient, after.Status);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject.Contains("Undelivered") || t.Subject.StartsWith("Автоответ"))));
        Assert.Equal(outboxBefore, await app.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        await app.DeliverAsync();
        Assert.Single(MailServers.Received(subject));
        Assert.Equal(InboundOutcome.Ignored, (await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.MessageId == autoReply.MessageId))).Outcome);
    }

    [Fact]
    public async Task Mail_from_an_unknown_sender_waits_in_triage_until_an_agent_registers_it()
    {
        var subject = Unique("Счёт от нового поставщика");
        var message = MailServers.Email("stranger@example.org", subject, "Просим оплатить счёт 42.", fromName: "Незнакомец");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
        message.Body = new Multipart("mixed") { message.Body!, new MimePart("application", "pdf") { FileName = "счёт-42.pdf", Content = new MimeContent(new MemoryStream(pdf)), ContentTransferEncoding = ContentEncoding.Base64 } };
        await MailServers.AppendAsync(app.Folder, message);
        var report = await app.PollAsync();
        Assert.Equal(InboundOutcome.Triage, Assert.Single(report.Results).Outcome);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject == subject)));

        var agent = await app.ClientForAsync(Demo.Agent);
        var page = await agent.GetFromJsonAsync<JsonElement>("/api/v1/mail/triage?q=" + Uri.EscapeDataString(subject));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("stranger@example.org", item.GetProperty("fromAddress").GetString());
        Assert.Equal("Просим оплатить счёт 42.", item.GetProperty("body").GetString());
        var client = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/mail/triage")).StatusCode);

        var (requesterId, requestTypeId) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Id).SingleAsync(),
            await db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync()));
        var id = item.GetProperty("id").GetString();
        var created = await agent.PostAsJsonAsync($"/api/v1/mail/triage/{id}/ticket", new { requesterId, requestTypeId });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ticket = await TicketBySubjectAsync(subject);
        Assert.Equal(TicketChannel.Email, ticket.Channel);

        // The file waited with the message and is now the ticket's, byte for byte.
        var files = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticket.Id}/attachments");
        var file = Assert.Single(files.EnumerateArray());
        Assert.Equal("счёт-42.pdf", file.GetProperty("fileName").GetString());
        Assert.Equal(pdf, await agent.GetByteArrayAsync(file.GetProperty("downloadUrl").GetString()));
        var open = await agent.GetFromJsonAsync<JsonElement>("/api/v1/mail/triage?q=" + Uri.EscapeDataString(subject));
        Assert.Equal(0, open.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Mail_from_a_client_whose_company_does_not_receive_the_default_request_type_goes_to_triage()
    {
        var subject = Unique("Вопрос из Волги");
        await MailServers.AppendAsync(app.Folder, MailServers.Email("USER@volga-energo.demo", subject, "Когда закроется период?"));
        var result = Assert.Single((await app.PollAsync()).Results);
        Assert.Equal(InboundOutcome.Triage, result.Outcome);
        var inbound = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.Subject == subject));
        Assert.NotNull(inbound.CompanyId);
        Assert.Contains("request type", inbound.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_requester_who_reads_English_gets_the_English_template()
    {
        var subject = Unique("Period close");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "cfo@sib-agro.demo");
            user.Culture = "en";
            return await db.SaveChangesAsync();
        });
        await MailServers.AppendAsync(app.Folder, MailServers.Email("cfo@sib-agro.demo", subject, "When is November closed?"));
        await app.PollAsync();
        var ticket = await TicketBySubjectAsync(subject);
        var agent = await app.ClientForAsync(Demo.Agent);
        await ActAsync(agent, ticket.Id, new { action = "Start" });
        await ActAsync(agent, ticket.Id, new { action = "AskClient", message = "Which legal entity?" });
        await app.DeliverAsync();
        var sent = Assert.Single(MailServers.Received(subject));
        Assert.StartsWith("Hello Татьяна Егорова,", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("To answer, reply to this email", sent.TextBody, StringComparison.Ordinal);
    }
    [Fact]
    public async Task An_answer_to_a_closed_ticket_starts_a_new_one()
    {
        var subject = Unique("Закрытый вопрос");
        var opening = MailServers.Email(Demo.ClientA, subject, "Первый вопрос.");
        await MailServers.AppendAsync(app.Folder, opening);
        var old = Assert.Single((await app.PollAsync()).Results).TicketId!.Value;
        var agent = await app.ClientForAsync(Demo.Agent);
        await ActAsync(agent, old, new { action = "Start" });
        await ActAsync(agent, old, new { action = "Resolve", message = "Ответили." });
        await ActAsync(agent, old, new { action = "Close" });

        var followUp = MailServers.Email(Demo.ClientA, "Re: " + subject, "Ещё вопрос по той же теме.", inReplyTo: opening.MessageId);
        await MailServers.AppendAsync(app.Folder, followUp);
        var result = Assert.Single((await app.PollAsync()).Results);

        Assert.Equal(InboundOutcome.Ticket, result.Outcome);
        Assert.NotEqual(old, result.TicketId);
        var number = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == old).Select(t => t.Number).SingleAsync());
        Assert.Contains(number, result.Reason, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Closed, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == old).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_reply_from_a_person_of_another_company_does_not_enter_the_ticket()
    {
        var subject = Unique("Чужой ответ");
        var ticket = await EmailTicketAsync(subject);

        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientB, $"Re: [{ticket.Number}] {subject}", "Вмешаюсь в чужую переписку."));
        var result = Assert.Single((await app.PollAsync()).Results);

        Assert.Equal(InboundOutcome.Triage, result.Outcome);
        Assert.DoesNotContain((await TicketBySubjectAsync(subject)).Messages, m => m.Kind == MessageKind.ClientMessage);
    }

    [Fact]
    public async Task An_html_only_email_is_stored_as_its_text()
    {
        var subject = Unique("HTML письмо");
        var message = MailServers.Email(Demo.ClientA, subject, "");
        message.Body = new TextPart("html") { Text = "<html><head><style>p{color:red}</style></head><body><p>Добрый день!</p><p>Прошу&nbsp;закрыть <b>ноябрь</b>.</p></body></html>" };
        await MailServers.AppendAsync(app.Folder, message);
        await app.PollAsync();

        Assert.Equal("Добрый день!\nПрошу закрыть ноябрь.", (await TicketBySubjectAsync(subject)).Description);
    }
    [Fact]
    public async Task A_malformed_email_without_sender_or_message_id_is_kept_in_triage_once()
    {
        var subject = Unique("Без отправителя");
        var raw = $"Subject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nТекст без заголовков отправителя.\r\n";
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        await MailServers.AppendAsync(app.Folder, message);
        await MailServers.AppendAsync(app.Folder, message);

        var results = (await app.PollAsync()).Results;

        Assert.Equal(2, results.Count);
        Assert.Equal(InboundOutcome.Triage, results[0].Outcome);
        Assert.True(results[1].Duplicate);
        var kept = await app.WithDbAsync(db => db.InboundEmails.SingleAsync(e => e.Subject == subject));
        Assert.Equal("Текст без заголовков отправителя.", kept.Body);
    }
    [Fact]
    public async Task A_companys_own_request_type_wins_and_a_ticket_it_cannot_register_waits_in_triage()
    {
        var subject = Unique("Отчёт для банка");
        await MailServers.AppendAsync(app.Folder, MailServers.Email("user@nord-shipyard.demo", subject, "Нужен отчёт для банка за ноябрь."));
        var result = Assert.Single((await app.PollAsync()).Results);

        Assert.Equal(InboundOutcome.Triage, result.Outcome);
        Assert.Contains("'Отчёт' is required", result.Reason, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject == subject)));
    }
}
