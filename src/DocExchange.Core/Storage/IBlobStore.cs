namespace DocExchange.Core.Storage;

/// <summary>Content-addressed storage of document parts, named by SHA-256. Every committed blob is fsync'ed.</summary>
public interface IBlobStore
{
    /// <summary>Starts a streamed write; nothing is visible until the writer is committed.</summary>
    Task<IBlobWriter> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Writes a whole stream and commits it; returns its hash and size once durable.</summary>
    Task<BlobInfo> WriteAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading, or returns null if no blob has that hash.</summary>
    Task<Stream?> OpenReadAsync(Sha256Digest sha256, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancellationToken);
}
