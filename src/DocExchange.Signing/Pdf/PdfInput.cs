namespace DocExchange.Signing.Pdf;

/// <summary>
/// Buffered random access to a seekable stream. Parsing reads synchronously from it: the stream is a
/// file or memory, and the parser's many tiny reads would gain nothing from async.
/// </summary>
public sealed class PdfInput
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart = -1;
    private int _bufferLength;

    public PdfInput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The PDF stream must be readable and seekable (a file or memory stream).", nameof(stream));
        }
        _stream = stream;
        Length = stream.Length;
    }

    public PdfInput(byte[] data)
        : this(new MemoryStream(data, writable: false))
    {
    }

    public long Length { get; }

    /// <summary>The byte at <paramref name="offset"/>, or -1 past the end.</summary>
    public int ByteAt(long offset)
    {
        if (offset < 0 || offset >= Length)
        {
            return -1;
        }
        if (offset < _bufferStart || offset >= _bufferStart + _bufferLength)
        {
            Fill(offset);
        }
        return _buffer[offset - _bufferStart];
    }

    public void ReadExactly(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw PdfFormatException.At(offset, $"Unexpected end of file reading {destination.Length} bytes");
        }
        if (destination.Length <= BufferSize)
        {
            for (var i = 0; i < destination.Length;)
            {
                if (offset + i < _bufferStart || offset + i >= _bufferStart + _bufferLength)
                {
                    Fill(offset + i);
                }
                var start = (int)(offset + i - _bufferStart);
                var count = Math.Min(destination.Length - i, _bufferLength - start);
                _buffer.AsSpan(start, count).CopyTo(destination[i..]);
                i += count;
            }
            return;
        }
        _stream.Position = offset;
        _stream.ReadExactly(destination);
    }

    /// <summary>Whether the bytes at <paramref name="offset"/> equal <paramref name="expected"/>.</summary>
    public bool Matches(long offset, ReadOnlySpan<byte> expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (ByteAt(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private void Fill(long offset)
    {
        var start = Math.Max(0, offset - 512); // keep a little behind: the parser backtracks a few bytes
        _stream.Position = start;
        var total = 0;
        while (total < BufferSize)
        {
            var read = _stream.Read(_buffer, total, BufferSize - total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        _bufferStart = start;
        _bufferLength = total;
        if (offset >= start + total)
        {
            throw PdfFormatException.At(offset, "Unexpected end of file");
        }
    }
}
