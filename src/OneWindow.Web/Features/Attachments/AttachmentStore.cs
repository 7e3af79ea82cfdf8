namespace OneWindow.Web.Features.Attachments;

[FeatureSeam]
public sealed class AttachmentOptions
{
    /// <summary>"Disk" (default) or "S3" (an S3-compatible bucket, see <see cref="S3"/>).</summary>
    public string Store { get; set; } = "Disk";
    public S3Options S3 { get; set; } = new();
    /// <summary>Root folder of the disk store; relative paths are under the content root.</summary>
    public string Path { get; set; } = "data/attachments";
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;
    public int MaxFilesPerMessage { get; set; } = 10;
    /// <summary>Stored objects no row references are deleted once older than this (at least an hour, so a save in flight is never raced).</summary>
    public int OrphanGraceHours { get; set; } = 24;
}

/// <summary>Copies content to a new file while counting and hashing it; null (file left partial) past the size limit.</summary>
internal static class BlobSpool
{
    public static async Task<(long Size, string Sha256)?> WriteAsync(Stream content, string path, long maxBytes, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > maxBytes)
            {
                return null;
            }

            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

/// <summary>What the store kept: its key, the byte count and the SHA-256 of the content.</summary>
[FeatureSeam]
public sealed record StoredBlob(string Key, long Size, string Sha256);

/// <summary>An object the store holds and when it was last written.</summary>
public sealed record StoredObject(string Key, DateTimeOffset LastModified);

/// <summary>Keeps attachment content under keys the server generates; callers never pass user input as a key.</summary>
[FeatureSeam]
public interface IAttachmentStore
{
    /// <summary>Stores the content; null (and nothing kept) when it is longer than <paramref name="maxBytes"/>.</summary>
    Task<StoredBlob?> SaveAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>The content, or null when the key is unknown.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>Every object under a server-made key, in no particular order; deleting listed keys while listing is allowed.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(CancellationToken ct);
}

/// <summary>Files on a local (or mounted network) disk: yyyy/MM/&lt;guid&gt; under the configured root.</summary>
public sealed partial class DiskAttachmentStore : IAttachmentStore
{
    private readonly string root;
    private readonly TimeProvider clock;

    public DiskAttachmentStore(IOptions<AttachmentOptions> options, IHostEnvironment environment, TimeProvider clock)
    {
        root = System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, options.Value.Path));
        this.clock = clock;
    }

    public async Task<StoredBlob?> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{Guid.CreateVersion7():N}";
        var target = PathOf(key)!;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temp = System.IO.Path.Combine(root, "tmp", Guid.NewGuid().ToString("N") + ".part");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(temp)!);
        try
        {
            if (await BlobSpool.WriteAsync(content, temp, maxBytes, ct) is not { } written)
            {
                return null;
            }

            // Readers only ever see complete files: the move is atomic on the same volume.
            File.Move(temp, target);
            return new StoredBlob(key, written.Size, written.Sha256);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        Stream? stream = path is not null && File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        if (PathOf(key) is { } path)
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        // One month's folder at a time, snapshotted, so deletions during the walk never disturb the enumeration;
        // tmp/ and anything else not shaped like a key is never listed, so never deleted.
        foreach (var year in Directory.GetDirectories(root).Where(d => YearShape().IsMatch(System.IO.Path.GetFileName(d))).Order(StringComparer.Ordinal))
        {
            foreach (var month in Directory.GetDirectories(year).Order(StringComparer.Ordinal))
            {
                foreach (var file in Directory.GetFiles(month))
                {
                    ct.ThrowIfCancellationRequested();
                    var key = System.IO.Path.GetRelativePath(root, file).Replace(System.IO.Path.DirectorySeparatorChar, '/');
                    if (KeyShape().IsMatch(key) && File.Exists(file))
                    {
                        yield return new StoredObject(key, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
                    }
                }

                await Task.Yield();
            }
        }
    }

    /// <summary>Keys have one shape only; anything else (a tampered row) resolves to nothing rather than to a path.</summary>
    private string? PathOf(string key)
    {
        if (!KeyShape().IsMatch(key))
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, key));
        return path.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }

    [GeneratedRegex("^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}$")]
    private static partial Regex KeyShape();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex YearShape();
}
