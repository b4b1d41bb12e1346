namespace DocExchange.Audit.Export;

/// <summary>Reads LF-terminated lines as raw bytes (no decoding, so a leaf's exact bytes are kept).</summary>
internal sealed class LineReader
{
    private readonly Stream _input;
    private readonly int _maxLineBytes;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream input, int maxLineBytes)
    {
        _input = input;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>The next line without its '\n', or null at the end. A final line without '\n' is returned too.</summary>
    /// <exception cref="InvalidDataException">A line is longer than the limit.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, scanned + newline);
                _start += scanned + newline + 1;
                return line.ToArray();
            }
            scanned = _end - _start;
            if (scanned > _maxLineBytes)
            {
                throw new InvalidDataException($"A line is longer than {_maxLineBytes} bytes.");
            }
            if (_eof)
            {
                if (scanned == 0)
                {
                    return null;
                }
                var last = _buffer.AsMemory(_start, scanned).ToArray();
                _start = _end;
                return last;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, scanned);
                _end = scanned;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            int read = await _input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }
            _end += read;
        }
    }
}
