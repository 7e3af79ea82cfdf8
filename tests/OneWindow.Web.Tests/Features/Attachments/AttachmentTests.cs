using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Attachments;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Attachments;

/// <summary>Files on tickets through HTTP: limits, sniffing, safe names, storage on disk, authorised downloads.</summary>
public class AttachmentTests(AttachmentTests.Factory app) : IClassFixture<AttachmentTests.Factory>
{
    /// <summary>Each test class keeps its files in its own folder.</summary>
    public sealed class Factory : OneWindowFactory
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "ow_attachments_" + Guid.NewGuid().ToString("N")[..12]);

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Attachments:Path", Root)];

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }

            GC.SuppressFinalize(this);
        }
    }

    internal static readonly byte[] Pdf = [.. "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"u8];
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    private async Task<Guid> TicketAsync(HttpClient client, string subject = "Акт сверки")
    {
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject, description = "Во вложении документы." });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            // The declared type is a lie on purpose: only the sniffed type counts.
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "files", name);
        }

        return form;
    }

    [Fact]
    public async Task A_client_uploads_to_their_ticket_and_the_agent_downloads_the_same_bytes_with_safe_headers()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(client);
        var csv = Encoding.UTF8.GetBytes("Дата;Сумма\n01.11.2026;125000,50\n");
        var response = await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("Акт сверки №5.pdf", Pdf), ("выписка.csv", csv)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, created.Count);
        Assert.Equal("Акт сверки №5.pdf", created[0].GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", created[0].GetProperty("contentType").GetString());
        Assert.Equal(Pdf.Length, created[0].GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), created[0].GetProperty("sha256").GetString());
        Assert.Equal("text/csv; charset=utf-8", created[1].GetProperty("contentType").GetString());

        var agent = await app.ClientForAsync(Demo.Agent);
        var listed = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticketId}/attachments");
        Assert.Equal(2, listed.GetArrayLength());
        var ticket = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticketId}");
        Assert.Equal(2, ticket.GetProperty("attachments").GetArrayLength());

        var download = await agent.GetAsync(created[0].GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Акт сверки №5.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''", download.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);

        // Stored under a server-made key below the configured root, complete (no temporary file left behind).
        var key = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.Id == created[0].GetProperty("id").GetGuid()).Select(a => a.StorageKey).SingleAsync());
        Assert.Matches("^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}$", key);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(Path.Combine(app.Root, key!)));
        Assert.Empty(Directory.GetFiles(Path.Combine(app.Root, "tmp")));
    }

    [Fact]
    public async Task Path_traversal_in_the_file_name_only_changes_the_shown_name()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(client);
        var response = await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("../../../../etc/cron.d/evil.txt", "* * * * * root id"u8.ToArray()),
            ("..\\..\\Windows\\win.ini", "[fonts]"u8.ToArray())));
        var body = await response.Content.ReadAsStringAsync();
        // win.ini has an extension outside the accepted ones; the first name is made safe.
        await HttpAssert.FieldErrorAsync(response, "files");
        Assert.Contains("win.ini", body, StringComparison.Ordinal);

        response = await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("../../../../etc/cron.d/evil.txt", "* * * * * root id"u8.ToArray())));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal("evil.txt", created.GetProperty("fileName").GetString());
        var key = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.Id == created.GetProperty("id").GetGuid()).Select(a => a.StorageKey).SingleAsync());
        Assert.True(File.Exists(Path.Combine(app.Root, key!)));
        Assert.Empty(Directory.GetFiles(app.Root, "evil.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(app.Root)!, "evil.txt"));
    }

    [Fact]
    public async Task Refused_files_get_a_field_error_and_nothing_of_the_request_is_stored()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(client);
        var url = $"/api/v1/tickets/{ticketId}/attachments";

        var program = await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form(("setup.exe", Exe))), "files");
        Assert.Contains("setup.exe", program.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);

        var disguised = await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form(("счёт.pdf", Pdf), ("invoice.pdf", Exe))), "files");
        Assert.Contains("The name says .pdf, but the content is a Windows program", disguised.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);

        await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form(("scan.png", Pdf))), "files");
        await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form(("page.txt", "<html><script>alert(1)</script></html>"u8.ToArray()))), "files");
        await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form(("logo.svg", "<svg/>"u8.ToArray()))), "files");
        await HttpAssert.FieldErrorAsync(await client.PostAsync(url, new MultipartFormDataContent { { new StringContent("x"), "note" } }), "files");
        await HttpAssert.FieldErrorAsync(await client.PostAsJsonAsync(url, new { file = "x" }), "files");
        await HttpAssert.FieldErrorAsync(await client.PostAsync(url, Form([.. Enumerable.Range(0, 11).Select(i => ($"{i}.pdf", Pdf))])), "files");

        // The accepted PDF sent with the disguised program was not kept either.
        Assert.Equal(0, await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == ticketId)));
    }

    [Fact]
    public async Task A_50_megabyte_file_is_over_the_limit_and_refused_by_name()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(client);
        var big = new byte[50 * 1024 * 1024];
        Pdf.CopyTo(big, 0);
        var json = await HttpAssert.FieldErrorAsync(await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("большой скан.pdf", big))), "files");
        Assert.Contains("larger than the limit of 25 MB", json.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == ticketId)));
    }

    [Fact]
    public async Task Another_companys_client_gets_404_on_upload_list_and_download()
    {
        var owner = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(owner);
        var created = await owner.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("акт.pdf", Pdf)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetGuid();

        var stranger = await app.ClientForAsync(Demo.ClientB);
        await HttpAssert.ProblemAsync(await stranger.GetAsync($"/api/v1/attachments/{id}"), 404);
        await HttpAssert.ProblemAsync(await stranger.GetAsync($"/api/v1/tickets/{ticketId}/attachments"), 404);
        await HttpAssert.ProblemAsync(await stranger.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(("чужой.pdf", Pdf))), 404);
        await HttpAssert.ProblemAsync(await app.AnonymousClient().GetAsync($"/api/v1/attachments/{id}"), 401);
        Assert.Equal(1, await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == ticketId)));
    }

    [Fact]
    public async Task Files_of_an_internal_note_stay_with_the_ssc()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticketId = await TicketAsync(client);
        var agent = await app.ClientForAsync(Demo.Agent);
        var note = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { kind = "InternalNote", body = "Проверил реестр, см. файл" });
        var noteId = (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var form = Form(("внутренний.pdf", Pdf));
        form.Add(new StringContent(noteId), "messageId");
        var uploaded = await agent.PostAsync($"/api/v1/tickets/{ticketId}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = (await uploaded.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.False(attachment.GetProperty("isPublic").GetBoolean());
        Assert.Equal(noteId, attachment.GetProperty("messageId").GetString());

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticketId}/attachments")).GetArrayLength());
        await HttpAssert.ProblemAsync(await client.GetAsync($"/api/v1/attachments/{attachment.GetProperty("id").GetString()}"), 404);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/attachments/{attachment.GetProperty("id").GetString()}")).StatusCode);

        // A client cannot hang files on someone else's message.
        var clientForm = Form(("мой.pdf", Pdf));
        clientForm.Add(new StringContent(noteId), "messageId");
        await HttpAssert.FieldErrorAsync(await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", clientForm), "messageId");
    }

    [Fact]
    public async Task A_file_field_takes_a_stored_file_and_a_required_one_is_enforced()
    {
        var (typeId, requester) = await app.WithDbAsync(async db =>
        {
            var type = await db.RequestTypes.Include(t => t.Fields).SingleAsync(t => t.Code == "PAY-INV");
            type.Fields.Single(f => f.Key == "invoice").Required = true;
            await db.SaveChangesAsync();
            return (type.Id, await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Id).SingleAsync());
        });
        var fields = new Dictionary<string, JsonElement>
        {
            ["supplier"] = JsonSerializer.SerializeToElement("ООО «Поставщик»"),
            ["invoiceNumber"] = JsonSerializer.SerializeToElement("СЧ-1"),
            ["amount"] = JsonSerializer.SerializeToElement(10m),
            ["currency"] = JsonSerializer.SerializeToElement("RUB"),
        };

        var client = await app.ClientForAsync(Demo.ClientA);
        await HttpAssert.FieldErrorAsync(await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = typeId, subject = "Счёт", description = "Оплатить", fields }), "fields.invoice");

        async Task<(Ticket? Ticket, Dictionary<string, string[]> Errors)> FileAsync(byte[] content, string name)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var desk = scope.ServiceProvider.GetRequiredService<TicketDesk>();
            return await desk.CreateAsync(new NewTicket(typeId, "Счёт на оплату", "Оплатить", fields, null, TicketChannel.Phone, requester,
                [new IncomingFile(name, new MemoryStream(content), "invoice"), new IncomingFile("пояснение.txt", new MemoryStream("Срочно"u8.ToArray()))]), CancellationToken.None);
        }

        var numbersBefore = await app.WithDbAsync(db => db.TicketSequences.SumAsync(s => s.Next));
        var (refused, errors) = await FileAsync(Exe, "счёт.pdf");
        Assert.Null(refused);
        Assert.Contains("Windows program", Assert.Single(errors["fields.invoice"]), StringComparison.Ordinal);
        Assert.Equal(numbersBefore, await app.WithDbAsync(db => db.TicketSequences.SumAsync(s => s.Next)));

        var (ticket, _) = await FileAsync(Pdf, "счёт.pdf");
        Assert.NotNull(ticket);
        var stored = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.TicketId == ticket.Id).OrderBy(a => a.FileName).ToListAsync());
        Assert.Equal(["пояснение.txt", "счёт.pdf"], stored.Select(a => a.FileName));
        var value = JsonDocument.Parse(ticket.FieldValues).RootElement.GetProperty("invoice").GetString();
        Assert.Equal(stored.Single(a => a.FileName == "счёт.pdf").Id.ToString(), value);
    }
}
