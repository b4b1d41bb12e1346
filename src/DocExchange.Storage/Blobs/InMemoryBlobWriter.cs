using System.Buffers;
using System.Security.Cryptography;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Blobs;

/// <summary>
/// A small blob held in a pooled buffer of its declared size, for the transaction that refers to it
/// (<see cref="IBlobWriter.Inline"/>): no file, no fsync of its own. Disposing returns the buffer.
/// </summary>
internal sealed class InMemoryBlobWriter : IBlobWriter
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int _declaredSize;
    private byte[]? _buffer;
    private BlobInfo? _completed;

    public InMemoryBlobWriter(int declaredSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(declaredSize);
        _declaredSize = declaredSize;
        _buffer = declaredSize == 0 ? [] : ArrayPool<byte>.Shared.Rent(declaredSize);
    }

    public long Length { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(InMemoryBlobWriter));
        if (_completed is not null) throw new InvalidOperationException("the blob is already complete");
        // Callers check declared sizes before writing; more bytes than declared is a caller's bug, not an upload's.
        if (Length + data.Length > _declaredSize)
            throw new InvalidOperationException($"the blob takes at most its declared {_declaredSize} bytes");
        data.Span.CopyTo(buffer.AsSpan((int)Length));
        _hash.AppendData(data.Span);
        Length += data.Length;
        return ValueTask.CompletedTask;
    }

    public IncrementalHash CloneHash() =>
        _completed is null ? _hash.Clone() : throw new InvalidOperationException("the blob is already complete");

    public Task<BlobInfo> CompleteAsync(CancellationToken cancellationToken)
    {
        _completed ??= new BlobInfo(Sha256Digest.FromBytes(_hash.GetHashAndReset()), Length);
        return Task.FromResult(_completed.Value);
    }

    public Task CommitAsync(CancellationToken cancellationToken) =>
        _completed is null ? throw new InvalidOperationException("complete the blob before committing it") : Task.CompletedTask;

    public InlineContent? Inline =>
        _completed is { } done && _buffer is { } buffer ? new InlineContent(done.Sha256, buffer.AsMemory(0, (int)Length)) : null;

    public ValueTask DisposeAsync()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _hash.Dispose();
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }
        return ValueTask.CompletedTask;
    }
}
