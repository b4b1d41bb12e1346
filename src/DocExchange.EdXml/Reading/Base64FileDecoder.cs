using System.Buffers;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// Decodes base64 text handed over in chunks straight into a stream, never holding more than a block: whitespace
/// and line breaks are skipped, a line longer than <see cref="EdXmlReaderOptions.MaxBase64LineLength"/> or a decoded
/// size beyond the limit is refused, and anything that is not base64 is refused naming the element.
/// </summary>
internal sealed class Base64FileDecoder(Stream output, long maxBytes, long maxLineLength, string element)
{
    private const int Block = 16 * 1024; // a multiple of 4
    // The characters a line of base64 is made of, padding apart: runs of them are checked and copied at once.
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    private readonly char[] _pending = new char[Block];
    private readonly byte[] _decoded = new byte[Block / 4 * 3];
    private int _count;
    private long _line;
    private bool _padded;

    public long Length { get; private set; }

    public async ValueTask FeedAsync(ReadOnlyMemory<char> text, CancellationToken ct)
    {
        var consumed = 0;
        while (consumed < text.Length)
        {
            consumed += Take(text.Span[consumed..]);
            if (_count == Block) await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Moves base64 characters into the block until it is full or the text ends; the characters consumed.</summary>
    private int Take(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && _count < Block)
        {
            var room = text.Slice(i, Math.Min(Block - _count, text.Length - i));
            var run = room.IndexOfAnyExcept(Alphabet);
            if (run < 0) run = room.Length;
            if (run > 0)
            {
                // The same checks, in the same order, as one character at a time: the line's length, then the padding.
                if (_padded)
                {
                    if (_line + 1 > maxLineLength) throw LineTooLong();
                    throw EdXmlException.Invalid(element, "base64 continues after its padding");
                }
                if (_line + run > maxLineLength) throw LineTooLong();
                room[..run].CopyTo(_pending.AsSpan(_count));
                _count += run;
                _line += run;
                i += run;
                continue;
            }
            var c = text[i++];
            if (c == '\n')
            {
                _line = 0;
                continue;
            }
            if (++_line > maxLineLength) throw LineTooLong();
            if (c is ' ' or '\t' or '\r') continue;
            if (c != '=') throw EdXmlException.Invalid(element, $"holds '{(char.IsControl(c) ? '?' : c)}', which is not base64");
            _padded = true;
            _pending[_count++] = c;
        }
        return i;
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

    private EdXmlException LineTooLong() => EdXmlException.LimitExceeded(nameof(EdXmlReaderOptions.MaxBase64LineLength), maxLineLength, element);
}
