using System.Security.Cryptography;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Blobs;

/// <summary>A blob being streamed to a temporary file of a <see cref="FileBlobStore"/>.</summary>
internal sealed class FileBlobWriter(FileBlobStore store, string tempPath, FileStream stream) : IBlobWriter
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? _stream = stream;
    private BlobInfo? _completed;
    private bool _committed;

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var target = _stream ?? throw new InvalidOperationException("the blob is already complete");
        _hash.AppendData(data.Span);
        await target.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }

    public async Task<BlobInfo> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed is { } done) return done;
        var target = _stream ?? throw new InvalidOperationException("the blob was disposed");
        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        target.Flush(flushToDisk: true);
        await target.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        _completed = new BlobInfo(Sha256Digest.FromBytes(_hash.GetHashAndReset()), Length);
        return _completed.Value;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        var info = _completed ?? throw new InvalidOperationException("complete the blob before committing it");
        if (_committed) return Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        store.Publish(tempPath, info.Sha256);
        _committed = true;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }
        _hash.Dispose();
        if (!_committed && File.Exists(tempPath)) File.Delete(tempPath);
    }
}
