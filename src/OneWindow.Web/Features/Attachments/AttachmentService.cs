using OneWindow.Core.Files;

namespace OneWindow.Web.Features.Attachments;

/// <summary>A file on its way in: its declared name, its content, and the File field it fills (none for plain attachments).</summary>
[FeatureSeam]
public sealed record IncomingFile(string? FileName, Stream Content, string? FieldKey = null);

/// <summary>Who is attaching, and where the file goes.</summary>
[FeatureSeam]
public sealed record AttachmentTarget(Guid TicketId, Guid CompanyId, Guid? MessageId, bool IsPublic, AttachmentSource Source, Guid? UploadedById, string? UploadedByName);

/// <summary>
/// Checks and stores files for every channel: the size limit, the sniffed type (the declared one is ignored) and a
/// safe name; the content goes to the configured store. Returns entities for the caller to add in its own save.
/// </summary>
[FeatureSeam]
public sealed class AttachmentService(IAttachmentStore store, IOptions<AttachmentOptions> options)
{
    public AttachmentOptions Limits => options.Value;

    public string TooLarge => $"The file is larger than the limit of {Megabytes(Limits.MaxBytes)}.";

    public string TooMany => $"At most {Limits.MaxFilesPerMessage} files can be attached at once.";

    /// <summary>The stored attachment (not yet added to the context), or why the file was refused.</summary>
    public async Task<(TicketAttachment? Attachment, string? Refusal)> StoreAsync(AttachmentTarget target, string? fileName, Stream content, CancellationToken ct)
    {
        var name = FileNames.Safe(fileName);
        if (content.CanSeek && content.Length - content.Position > Limits.MaxBytes)
        {
            return (null, $"{name}: {TooLarge}");
        }

        var head = new byte[FileSniffer.HeaderLength];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var verdict = FileSniffer.Sniff(head.AsSpan(0, length), name);
        if (!verdict.Accepted)
        {
            return (null, $"{name}: {verdict.Reason}");
        }

        var blob = await store.SaveAsync(new PrefixedStream(head.AsMemory(0, length), content), Limits.MaxBytes, ct);
        if (blob is null)
        {
            return (null, $"{name}: {TooLarge}");
        }

        return (New(target, name, verdict.ContentType, blob.Size, blob.Sha256, blob.Key, null), null);
    }

    /// <summary>A file that broke the rules, kept as a record (no content) so that its loss is visible.</summary>
    public static TicketAttachment Refused(AttachmentTarget target, string? fileName, long size, string reason) =>
        New(target, FileNames.Safe(fileName), "application/octet-stream", size, null, null, reason.Length > 1000 ? reason[..1000] : reason);

    /// <summary>Removes content already stored for a request that is refused as a whole.</summary>
    public async Task DiscardAsync(IEnumerable<TicketAttachment> attachments, CancellationToken ct)
    {
        foreach (var a in attachments.Where(a => a.StorageKey is not null))
        {
            await store.DeleteAsync(a.StorageKey!, ct);
        }
    }

    private static TicketAttachment New(AttachmentTarget target, string name, string contentType, long size, string? sha, string? key, string? refused) => new()
    {
        TicketId = target.TicketId,
        CompanyId = target.CompanyId,
        MessageId = target.MessageId,
        FileName = name,
        ContentType = contentType,
        Size = size,
        Sha256 = sha,
        StorageKey = key,
        RefusedReason = refused,
        IsPublic = target.IsPublic,
        Source = target.Source,
        UploadedById = target.UploadedById,
        UploadedByName = target.UploadedByName,
    };

    public static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.#} MB");

    /// <summary>The bytes already read for sniffing, then the rest of the original stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> remaining = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (remaining.Length > 0)
            {
                var n = Math.Min(buffer.Length, remaining.Length);
                remaining.Span[..n].CopyTo(buffer);
                remaining = remaining[n..];
                return n;
            }

            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (remaining.Length > 0)
            {
                var n = Math.Min(buffer.Length, remaining.Length);
                remaining.Span[..n].CopyTo(buffer.Span);
                remaining = remaining[n..];
                return n;
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
