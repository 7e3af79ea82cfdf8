using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace OneWindow.Web.Features.Attachments;

public sealed class S3Options
{
    /// <summary>The endpoint of an S3-compatible store (MinIO, Ceph, Yandex Object Storage, VK Cloud…), e.g. https://storage.yandexcloud.net.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "onewindow";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    /// <summary>Path-style addressing (bucket in the path) is what most self-hosted S3-compatible stores expect.</summary>
    public bool ForcePathStyle { get; set; } = true;
}

/// <summary>
/// Attachments in an S3-compatible bucket, under the same server-made keys as on disk. The content is spooled to a
/// temporary file first, so the size limit and the SHA-256 are known before anything reaches the bucket.
/// </summary>
public sealed class S3AttachmentStore : IAttachmentStore, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly string bucket;
    private readonly TimeProvider clock;

    public S3AttachmentStore(IOptions<AttachmentOptions> options, TimeProvider clock)
    {
        var s3 = options.Value.S3;
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            AuthenticationRegion = s3.Region,
            // Plain checksums: not every S3-compatible store understands the SDK's newer trailing-checksum uploads.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.ServiceURL = s3.ServiceUrl;
        }

        client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey ?? "", s3.SecretKey ?? ""), config);
        bucket = s3.Bucket;
        this.clock = clock;
    }

    public async Task<StoredBlob?> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{Guid.CreateVersion7():N}";
        var temp = Path.Combine(Path.GetTempPath(), "onewindow-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (await BlobSpool.WriteAsync(content, temp, maxBytes, ct) is not { } written)
            {
                return null;
            }

            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = temp, UseChunkEncoding = false }, ct);
            return new StoredBlob(key, written.Size, written.Sha256);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetObjectAsync(bucket, key, ct);
            // Spool to a self-deleting temp file so the HTTP response of the store is released at once.
            var temp = new FileStream(Path.Combine(Path.GetTempPath(), "onewindow-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await response.ResponseStream.CopyToAsync(temp, ct);
            temp.Position = 0;
            return temp;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct) => client.DeleteObjectAsync(bucket, key, ct);

    public async IAsyncEnumerable<StoredObject> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token, MaxKeys = 1000 }, ct);
            foreach (var o in page.S3Objects ?? [])
            {
                // An object without a date is treated as just written: kept, never guessed old.
                yield return new StoredObject(o.Key, o.LastModified is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc)) : clock.GetUtcNow());
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    public void Dispose() => client.Dispose();
}
