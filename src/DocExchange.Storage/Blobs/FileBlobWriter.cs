using System.Security.Cryptography;
using DocExchange.Core.Storage;
using DocExchange.Storage.Files;

namespace DocExchange.Storage.Blobs;

/// <summary>
/// A blob being streamed to a temporary file of a <see cref="FileBlobStore"/>. The file stays open (and so locked, see
/// <see cref="AbandonedFiles"/>) until it is published or deleted. A full disk is refused as RESOURCE_EXHAUSTED.
/// </summary>
internal sealed class FileBlobWriter(FileBlobStore store, string tempPath, FileStream stream) : IBlobWriter
{
    internal const string What = "its content store (blobs)";

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? _stream = stream;
    private BlobInfo? _completed;
    private bool _committed;

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_stream is null || _completed is not null) throw new InvalidOperationException("the blob is already complete");
        _hash.AppendData(data.Span);
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e))
        {
            throw OutOfSpace.Refusal(What, e);
        }
        Length += data.Length;
    }

    public IncrementalHash CloneHash() =>
        _completed is null ? _hash.Clone() : throw new InvalidOperationException("the blob is already complete");

    public async Task<BlobInfo> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed is { } done) return done;
        var target = _stream ?? throw new InvalidOperationException("the blob was disposed");
        try
        {
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            target.Flush(flushToDisk: true);
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e))
        {
            throw OutOfSpace.Refusal(What, e);
        }
        _completed = new BlobInfo(Sha256Digest.FromBytes(_hash.GetHashAndReset()), Length);
        return _completed.Value;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var info = _completed ?? throw new InvalidOperationException("complete the blob before committing it");
        if (_committed) return;
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            store.Publish(tempPath, info.Sha256);
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e))
        {
            throw OutOfSpace.Refusal(What, e);
        }
        _committed = true;
        await CloseAsync().ConfigureAwait(false);
    }

    public InlineContent? Inline => null;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _hash.Dispose();
            if (!_committed) File.Delete(tempPath);
        }
    }

    /// <summary>Closes the file; its unwritten buffer is dropped when the disk is full (the blob is abandoned anyway).</summary>
    private async ValueTask CloseAsync()
    {
        if (_stream is not { } open) return;
        _stream = null;
        try
        {
            await open.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e) && !_committed)
        {
            // Flushing what was left failed; the file is closed nonetheless and is deleted next.
        }
    }
}
