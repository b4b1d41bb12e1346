using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The blobs of either engine. A part declared at most <see cref="InlineLimit"/> bytes is held in memory and stored in
/// its send's own transaction (table part_contents): it shares that transaction's durable commit instead of costing a
/// file, two fsyncs and a rename of its own. Larger parts, and <see cref="WriteAsync"/>, go to <see cref="Files"/>.
/// Reads look in the files first, then in the database.
/// </summary>
public sealed class RelationalBlobStore : IBlobStore
{
    /// <summary>The default <see cref="InlineLimit"/>: a typical signed official letter, not a scanned dossier.</summary>
    public const int DefaultInlineLimit = 256 * 1024;

    /// <summary>The largest <see cref="InlineLimit"/> allowed: inline parts are held in memory until they are committed.</summary>
    public const int MaxInlineLimit = 16 * 1024 * 1024;

    private readonly RelationalExchangeStore _store;

    internal RelationalBlobStore(RelationalExchangeStore store, FileBlobStore files, int inlineLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inlineLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inlineLimit, MaxInlineLimit);
        _store = store;
        Files = files;
        InlineLimit = inlineLimit;
    }

    /// <summary>Where larger parts are kept.</summary>
    public FileBlobStore Files { get; }

    /// <summary>The largest part, in bytes, stored in the database with its send; 0 keeps every part in a file.</summary>
    public int InlineLimit { get; }

    public Task<IBlobWriter> BeginWriteAsync(long declaredSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return declaredSize >= 0 && declaredSize <= InlineLimit
            ? Task.FromResult<IBlobWriter>(new InMemoryBlobWriter((int)declaredSize))
            : Files.BeginWriteAsync(cancellationToken);
    }

    public Task<BlobInfo> WriteAsync(Stream content, CancellationToken cancellationToken) => Files.WriteAsync(content, cancellationToken);

    // The file is looked for first (one stat): a part in a file then costs no database read, which on PostgreSQL, where
    // parts are files by default, would be a round trip to the database every instance shares.
    public async Task<Stream?> OpenReadAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        await Files.ExistsAsync(sha256, cancellationToken).ConfigureAwait(false)
            ? await Files.OpenReadAsync(sha256, cancellationToken).ConfigureAwait(false)
            : await _store.ReadInlineContentAsync(sha256, cancellationToken).ConfigureAwait(false);

    public async Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        await _store.InlineContentExistsAsync(sha256, cancellationToken).ConfigureAwait(false)
        || await Files.ExistsAsync(sha256, cancellationToken).ConfigureAwait(false);
}
