using System.Buffers;

namespace DocExchange.Storage.Blobs;

/// <summary>A read-only stream over content read into a pooled buffer, which it returns when disposed.</summary>
internal sealed class PooledContentStream : MemoryStream
{
    private byte[]? _buffer;

    private PooledContentStream(byte[] buffer, int length) : base(buffer, 0, length, writable: false) => _buffer = buffer;

    /// <summary>Rents a buffer of <paramref name="length"/> bytes and lets <paramref name="fill"/> write the content into it.</summary>
    public static PooledContentStream Read(int length, Action<byte[]> fill)
    {
        var buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            fill(buffer);
            return new PooledContentStream(buffer, length);
        }
        catch
        {
            if (length > 0) ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _buffer, null) is { Length: > 0 } buffer) ArrayPool<byte>.Shared.Return(buffer);
        base.Dispose(disposing);
    }
}
