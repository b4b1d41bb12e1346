using System.Security.Cryptography;
using DocExchange.Core.Errors;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

/// <summary>
/// Reads a stored blob and checks, when the end is reached, that its size and SHA-256 are still the recorded ones,
/// so a reader never silently receives corrupted content.
/// </summary>
internal sealed class HashVerifyingStream(Stream inner, Sha256Digest expected, long expectedSize, string what) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedSize;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Account(buffer.Length, buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Length, buffer.Span[..n]);
        return n;
    }

    private void Account(int requested, ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            _read += data.Length;
            return;
        }
        // Zero bytes for a non-empty request is the end of the stream: verify once.
        if (_verified || requested == 0) return;
        _verified = true;
        var actual = Sha256Digest.FromBytes(_hash.GetHashAndReset());
        if (_read != expectedSize || actual != expected)
            throw ExchangeException.DataLoss(
                $"the stored content of {what} is corrupted (expected {expectedSize} bytes with SHA-256 {expected}, read {_read} bytes with SHA-256 {actual}): report this to the operator");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
