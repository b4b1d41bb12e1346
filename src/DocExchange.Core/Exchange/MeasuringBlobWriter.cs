using System.Security.Cryptography;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

/// <summary>A blob writer that keeps nothing: it counts the bytes and computes their SHA-256.</summary>
internal sealed class MeasuringBlobWriter : IBlobWriter
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Length { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        Length += data.Length;
        return ValueTask.CompletedTask;
    }

    public IncrementalHash CloneHash() => _hash.Clone();

    public Task<BlobInfo> CompleteAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new BlobInfo(Sha256Digest.FromBytes(_hash.GetHashAndReset()), Length));

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public InlineContent? Inline => null;

    public ValueTask DisposeAsync()
    {
        _hash.Dispose();
        return ValueTask.CompletedTask;
    }
}
