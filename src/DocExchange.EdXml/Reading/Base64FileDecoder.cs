namespace DocExchange.EdXml.Reading;

/// <summary>
/// Decodes base64 text handed over in chunks straight into a stream, never holding more than a block: whitespace
/// and line breaks are skipped, a line longer than <see cref="EdXmlReaderOptions.MaxBase64LineLength"/> or a decoded
/// size beyond the limit is refused, and anything that is not base64 is refused naming the element.
/// </summary>
internal sealed class Base64FileDecoder(Stream output, long maxBytes, long maxLineLength, string element)
{
    private const int Block = 16 * 1024; // a multiple of 4
    private readonly char[] _pending = new char[Block];
    private readonly byte[] _decoded = new byte[Block / 4 * 3];
    private int _count;
    private long _line;
    private bool _padded;

    public long Length { get; private set; }

    public async ValueTask FeedAsync(ReadOnlyMemory<char> text, CancellationToken ct)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text.Span[i];
            if (c == '\n')
            {
                _line = 0;
                continue;
            }
            if (++_line > maxLineLength)
                throw EdXmlException.LimitExceeded(nameof(EdXmlReaderOptions.MaxBase64LineLength), maxLineLength, element);
            if (c is ' ' or '\t' or '\r') continue;
            if (!IsBase64(c)) throw EdXmlException.Invalid(element, $"holds '{(char.IsControl(c) ? '?' : c)}', which is not base64");
            if (c == '=') _padded = true;
            else if (_padded) throw EdXmlException.Invalid(element, "base64 continues after its padding");
            _pending[_count++] = c;
            if (_count == Block) await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (_count % 4 != 0) throw EdXmlException.Invalid(element, "base64 is truncated (its length is not a multiple of 4)");
        await FlushAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_count == 0) return;
        if (!Convert.TryFromBase64Chars(_pending.AsSpan(0, _count), _decoded, out var written))
            throw EdXmlException.Invalid(element, "is not valid base64");
        _count = 0;
        Length += written;
        if (Length > maxBytes)
            throw EdXmlException.LimitExceeded(nameof(EdXmlReaderOptions.MaxAttachmentBytes), maxBytes, element);
        await output.WriteAsync(_decoded.AsMemory(0, written), ct).ConfigureAwait(false);
    }

    private static bool IsBase64(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=';
}
