using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Attachments;

/// <summary>The S3 store against a real S3-compatible server (s3rver, started by test.sh on 127.0.0.1).</summary>
public class S3AttachmentTests(S3AttachmentTests.Factory app) : IClassFixture<S3AttachmentTests.Factory>
{
    public static string Endpoint => Environment.GetEnvironmentVariable("OW_TEST_S3") is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException("OW_TEST_S3 is not set: the S3 tests need the S3-compatible server that ./test.sh starts. Run ./test.sh.");

    public sealed class Factory : OneWindowFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Attachments:Store", "S3"),
            new("Attachments:S3:ServiceUrl", Endpoint),
            new("Attachments:S3:Bucket", "onewindow"),
            new("Attachments:S3:AccessKey", "S3RVER"),
            new("Attachments:S3:SecretKey", "S3RVER"),
        ];
    }

    [Fact]
    public async Task Files_go_to_the_bucket_and_come_back_byte_for_byte()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var ticket = (await (await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Скан в облаке", description = "Файл" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetString();

        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(AttachmentTests.Pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "files", "счёт.pdf");
        var uploaded = await client.PostAsync($"/api/v1/tickets/{ticket}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = (await uploaded.Content.ReadFromJsonAsync<JsonElement>())[0];

        var key = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.Id == attachment.GetProperty("id").GetGuid()).Select(a => a.StorageKey).SingleAsync());
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        using var stored = await s3.GetObjectAsync("onewindow", key);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        Assert.Equal(AttachmentTests.Pdf, bytes.ToArray());

        var agent = await app.ClientForAsync(Demo.Agent);
        var download = await agent.GetAsync(attachment.GetProperty("downloadUrl").GetString());
        Assert.Equal(AttachmentTests.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientForAsync(Demo.ClientB)).GetAsync(attachment.GetProperty("downloadUrl").GetString())).StatusCode);
    }
}
