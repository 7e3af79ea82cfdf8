using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Web.Features.Attachments;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Attachments;

internal static class OrphanFixtures
{
    /// <summary>Uploads a PDF to a new ticket of client A and returns the storage key its row holds.</summary>
    public static async Task<string> UploadReferencedAsync(OneWindowFactory app)
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var ticket = (await (await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Сверка вложений", description = "Файл" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetString();
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(AttachmentTests.Pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "files", "акт.pdf");
        var uploaded = await client.PostAsync($"/api/v1/tickets/{ticket}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetGuid();
        return (await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.Id == id).Select(a => a.StorageKey).SingleAsync()))!;
    }

    /// <summary>Runs one sweep, optionally as if at another moment (the S3 server dates objects itself).</summary>
    public static async Task<OrphanSweepReport> SweepAsync(OneWindowFactory app, TimeProvider? at = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sweeper = at is null
            ? scope.ServiceProvider.GetRequiredService<OrphanAttachmentSweeper>()
            : ActivatorUtilities.CreateInstance<OrphanAttachmentSweeper>(scope.ServiceProvider, at);
        return await sweeper.SweepAsync(CancellationToken.None);
    }
}

/// <summary>The orphan sweep on the disk store: only old files no row references go.</summary>
public class OrphanAttachmentTests(AttachmentTests.Factory app) : IClassFixture<AttachmentTests.Factory>
{
    private string PathOf(string key) => Path.Combine(app.Root, key.Replace('/', Path.DirectorySeparatorChar));

    private string Write(string key, DateTimeOffset modified)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, AttachmentTests.Pdf);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        return path;
    }

    [Fact]
    public async Task Old_unreferenced_files_are_deleted_and_referenced_or_young_ones_kept()
    {
        var referencedKey = await OrphanFixtures.UploadReferencedAsync(app);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        // The referenced file is as old as the orphan: only the row keeps it.
        File.SetLastWriteTimeUtc(PathOf(referencedKey), now.AddDays(-10).UtcDateTime);
        var oldOrphan = Write($"2020/01/{Guid.NewGuid():N}", now.AddHours(-25));
        var youngOrphan = Write($"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}", now.AddHours(-23));
        // Not shaped like a key the store makes: never the sweep's business, however old.
        var foreign = Write("2020/01/readme.txt", now.AddDays(-100));

        var report = await OrphanFixtures.SweepAsync(app);

        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(PathOf(referencedKey)));
        Assert.True(File.Exists(youngOrphan));
        Assert.True(File.Exists(foreign));
        Assert.Equal(new OrphanSweepReport(Listed: 3, TooYoung: 1, Referenced: 1, Deleted: 1), report);
        var attachmentId = await app.WithDbAsync(db => db.TicketAttachments.Where(a => a.StorageKey == referencedKey).Select(a => a.Id).SingleAsync());
        var download = await (await app.ClientForAsync(Demo.Agent)).GetAsync($"/api/v1/attachments/{attachmentId}");
        Assert.Equal(AttachmentTests.Pdf, await download.Content.ReadAsByteArrayAsync());

        // A second sweep finds nothing more to do.
        Assert.Equal(0, (await OrphanFixtures.SweepAsync(app)).Deleted);
    }
}

/// <summary>The orphan sweep against a real S3-compatible server (s3rver, started by test.sh), in a bucket of its own.</summary>
public class S3OrphanAttachmentTests(S3OrphanAttachmentTests.Factory app) : IClassFixture<S3OrphanAttachmentTests.Factory>
{
    public sealed class Factory : OneWindowFactory
    {
        // A bucket per run: a sweep deletes what this database does not reference, which must never reach another run's files.
        public string Bucket { get; } = "ow-orphans-" + Guid.NewGuid().ToString("N")[..12];

        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Attachments:Store", "S3"),
            new("Attachments:S3:ServiceUrl", S3AttachmentTests.Endpoint),
            new("Attachments:S3:Bucket", Bucket),
            new("Attachments:S3:AccessKey", "S3RVER"),
            new("Attachments:S3:SecretKey", "S3RVER"),
        ];
    }

    private static AmazonS3Client S3() => new(new BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config { ServiceURL = S3AttachmentTests.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static async Task<bool> ExistsAsync(AmazonS3Client s3, string bucket, string key)
    {
        try
        {
            await s3.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task Old_unreferenced_objects_are_deleted_and_referenced_or_young_ones_kept()
    {
        using var s3 = S3();
        await s3.PutBucketAsync(app.Bucket);
        var referencedKey = await OrphanFixtures.UploadReferencedAsync(app);
        var orphanKey = $"2020/01/{Guid.NewGuid():N}";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = app.Bucket, Key = orphanKey, ContentBody = "orphan", UseChunkEncoding = false });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = app.Bucket, Key = "notes/readme.txt", ContentBody = "foreign", UseChunkEncoding = false });

        // Just written: within the grace period, nothing goes.
        var now = await OrphanFixtures.SweepAsync(app);
        Assert.Equal(new OrphanSweepReport(Listed: 3, TooYoung: 2, Referenced: 0, Deleted: 0), now);
        Assert.True(await ExistsAsync(s3, app.Bucket, orphanKey));

        // A day and an hour later the orphan is old enough; the referenced object and the foreign one stay.
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(25));
        var report = await OrphanFixtures.SweepAsync(app, later);
        Assert.Equal(new OrphanSweepReport(Listed: 3, TooYoung: 0, Referenced: 1, Deleted: 1), report);
        Assert.False(await ExistsAsync(s3, app.Bucket, orphanKey));
        Assert.True(await ExistsAsync(s3, app.Bucket, referencedKey));
        Assert.True(await ExistsAsync(s3, app.Bucket, "notes/readme.txt"));
    }
}
