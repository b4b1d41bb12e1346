using System.Security.Cryptography;

namespace DocExchange.Core.Storage;

/// <summary>
/// A blob being written. Bytes go to a temporary file (or, when small, to memory) while the SHA-256 is computed;
/// <see cref="CompleteAsync"/> makes them durable, <see cref="CommitAsync"/> publishes them under their hash.
/// Disposing an uncommitted writer deletes what it wrote, so a failed upload leaves nothing behind.
/// </summary>
public interface IBlobWriter : IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// A copy of the SHA-256 of the bytes written so far, for a reader that needs the digest of a prefix of the
    /// content, or of the whole, without hashing it again; the writer's own digest is unaffected.
    /// </summary>
    IncrementalHash CloneHash();

    /// <summary>Ends the content: fsyncs it and returns its hash and size. No more writes after this.</summary>
    Task<BlobInfo> CompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Publishes the completed blob under its hash (atomic rename, directory fsync'ed). An existing blob with that hash
    /// is kept (dedup). Publishes nothing for <see cref="Inline"/> content.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Once completed, the content when this writer held it in memory for the transaction that refers to it: it is kept
    /// only if that transaction stores it (<see cref="IExchangeStore.CommitSendAsync"/>). Null when <see cref="CommitAsync"/>
    /// publishes the content itself.
    /// </summary>
    InlineContent? Inline { get; }
}
