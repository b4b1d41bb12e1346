namespace DocExchange.Core.Storage;

/// <summary>
/// Content-addressed storage of document parts, named by SHA-256. Every committed blob is durable: fsync'ed, or stored
/// with the transaction that refers to it (<see cref="InlineContent"/>).
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Starts a streamed write; nothing is visible until the writer is committed. A store may keep content of a small
    /// <paramref name="declaredSize"/> in memory, for the transaction that refers to it (<see cref="IBlobWriter.Inline"/>).
    /// </summary>
    /// <param name="declaredSize">The size the content is declared to have; callers write no more than that (checked first).</param>
    Task<IBlobWriter> BeginWriteAsync(long declaredSize, CancellationToken cancellationToken);

    /// <summary>Writes a whole stream and commits it, never inline; returns its hash and size once durable.</summary>
    Task<BlobInfo> WriteAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading, or returns null if no blob has that hash.</summary>
    Task<Stream?> OpenReadAsync(Sha256Digest sha256, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancellationToken);
}
