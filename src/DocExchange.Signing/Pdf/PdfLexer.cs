using System.Globalization;
using System.Text;

namespace DocExchange.Signing.Pdf;

/// <summary>Splits PDF bytes into tokens (ISO 32000-1 §7.2).</summary>
internal sealed class PdfLexer(PdfInput input)
{
    public PdfInput Input { get; } = input;

    public long Position { get; set; }

    public static bool IsWhitespace(int b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(int b) => b is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';

    public static bool IsRegular(int b) => b >= 0 && !IsWhitespace(b) && !IsDelimiter(b);

    public void SkipWhitespaceAndComments()
    {
        while (true)
        {
            var b = Input.ByteAt(Position);
            if (IsWhitespace(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                while (b >= 0 && b != '\r' && b != '\n')
                {
                    Position++;
                    b = Input.ByteAt(Position);
                }
            }
            else
            {
                return;
            }
        }
    }

    public PdfToken Next()
    {
        var token = NextToken();
        return token with { End = Position };
    }

    private PdfToken NextToken()
    {
        SkipWhitespaceAndComments();
        var start = Position;
        var b = Input.ByteAt(Position);
        switch (b)
        {
            case -1:
                return new PdfToken(PdfTokenKind.EndOfFile, start);
            case '[':
                Position++;
                return new PdfToken(PdfTokenKind.ArrayStart, start);
            case ']':
                Position++;
                return new PdfToken(PdfTokenKind.ArrayEnd, start);
            case '<' when Input.ByteAt(Position + 1) == '<':
                Position += 2;
                return new PdfToken(PdfTokenKind.DictionaryStart, start);
            case '>' when Input.ByteAt(Position + 1) == '>':
                Position += 2;
                return new PdfToken(PdfTokenKind.DictionaryEnd, start);
            case '<':
                return new PdfToken(PdfTokenKind.HexString, start, Bytes: ReadHexString());
            case '(':
                return new PdfToken(PdfTokenKind.String, start, Bytes: ReadLiteralString());
            case '/':
                return new PdfToken(PdfTokenKind.Name, start, Text: ReadName());
            case ')' or '>' or '{' or '}':
                throw PdfFormatException.At(start, $"Unexpected '{(char)b}'");
        }
        var token = ReadRegularRun();
        if (TryParseNumber(token, out var isInteger, out var integer, out var real))
        {
            return isInteger
                ? new PdfToken(PdfTokenKind.Integer, start, Integer: integer)
                : new PdfToken(PdfTokenKind.Real, start, Real: real);
        }
        return new PdfToken(PdfTokenKind.Keyword, start, Text: token);
    }

    public PdfToken Peek()
    {
        var saved = Position;
        try
        {
            return Next();
        }
        finally
        {
            Position = saved;
        }
    }

    private string ReadRegularRun()
    {
        var builder = new StringBuilder();
        while (IsRegular(Input.ByteAt(Position)))
        {
            if (builder.Length >= PdfLimits.MaxTokenLength)
            {
                throw PdfFormatException.At(Position, "Token too long");
            }
            builder.Append((char)Input.ByteAt(Position));
            Position++;
        }
        return builder.ToString();
    }

    private static bool TryParseNumber(string token, out bool isInteger, out long integer, out double real)
    {
        isInteger = false;
        integer = 0;
        real = 0;
        if (token.Length == 0)
        {
            return false;
        }
        var digits = 0;
        var dots = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c is '+' or '-')
            {
                if (i != 0)
                {
                    return false;
                }
            }
            else if (c == '.')
            {
                dots++;
            }
            else if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || dots > 1)
        {
            return false;
        }
        if (dots == 0 && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer))
        {
            isInteger = true;
            return true;
        }
        return double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out real);
    }

    private string ReadName()
    {
        Position++; // '/'
        var bytes = new List<byte>();
        while (IsRegular(Input.ByteAt(Position)))
        {
            if (bytes.Count >= PdfLimits.MaxNameLength)
            {
                throw PdfFormatException.At(Position, "Name too long");
            }
            var b = Input.ByteAt(Position);
            if (b == '#' && IsHex(Input.ByteAt(Position + 1)) && IsHex(Input.ByteAt(Position + 2)))
            {
                bytes.Add((byte)((HexValue(Input.ByteAt(Position + 1)) << 4) | HexValue(Input.ByteAt(Position + 2))));
                Position += 3;
            }
            else
            {
                bytes.Add((byte)b);
                Position++;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private byte[] ReadHexString()
    {
        var start = Position;
        Position++; // '<'
        // Sized by a first pass, so that a signature's /Contents (tens of KB of hex) is decoded into one array rather than
        // through a list that grows and is then copied.
        var bytes = new byte[(CountHexDigits(Position) + 1) / 2];
        var written = 0;
        var high = -1;
        while (true)
        {
            var b = Input.ByteAt(Position);
            Position++;
            if (b == '>')
            {
                break;
            }
            if (b < 0)
            {
                throw PdfFormatException.At(start, "Unterminated hex string");
            }
            if (IsWhitespace(b))
            {
                continue;
            }
            if (!IsHex(b))
            {
                throw PdfFormatException.At(Position - 1, "Invalid character in hex string");
            }
            if (high < 0)
            {
                high = HexValue(b);
            }
            else
            {
                bytes[written++] = (byte)((high << 4) | HexValue(b));
                high = -1;
            }
        }
        if (high >= 0)
        {
            bytes[written] = (byte)(high << 4); // ISO 32000-1 §7.3.4.3: a final odd digit is followed by an implied 0
        }
        return bytes;
    }

    /// <summary>The hex digits from <paramref name="from"/> up to the end of the string, or to the first byte that can be in none.</summary>
    private int CountHexDigits(long from)
    {
        var digits = 0;
        for (var b = Input.ByteAt(from); b >= 0 && b != '>'; b = Input.ByteAt(++from))
        {
            if (IsHex(b))
            {
                digits++;
            }
            else if (!IsWhitespace(b))
            {
                break;
            }
        }
        return digits;
    }

    private byte[] ReadLiteralString()
    {
        var start = Position;
        Position++; // '('
        var bytes = new List<byte>();
        var depth = 1;
        while (true)
        {
            var b = Input.ByteAt(Position);
            if (b < 0)
            {
                throw PdfFormatException.At(start, "Unterminated string");
            }
            Position++;
            switch (b)
            {
                case '(':
                    depth++;
                    bytes.Add((byte)b);
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return bytes.ToArray();
                    }
                    bytes.Add((byte)b);
                    break;
                case '\\':
                    ReadEscape(bytes);
                    break;
                case '\r':
                    // §7.3.4.2: an unescaped end-of-line is read as a single line feed.
                    if (Input.ByteAt(Position) == '\n')
                    {
                        Position++;
                    }
                    bytes.Add((byte)'\n');
                    break;
                default:
                    bytes.Add((byte)b);
                    break;
            }
        }
    }

    private void ReadEscape(List<byte> bytes)
    {
        var e = Input.ByteAt(Position);
        Position++;
        switch (e)
        {
            case 'n': bytes.Add((byte)'\n'); break;
            case 'r': bytes.Add((byte)'\r'); break;
            case 't': bytes.Add((byte)'\t'); break;
            case 'b': bytes.Add((byte)'\b'); break;
            case 'f': bytes.Add((byte)'\f'); break;
            case '\r':
                if (Input.ByteAt(Position) == '\n')
                {
                    Position++;
                }
                break;
            case '\n':
                break;
            case >= '0' and <= '7':
                var value = e - '0';
                for (var i = 0; i < 2 && Input.ByteAt(Position) is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (Input.ByteAt(Position) - '0');
                    Position++;
                }
                bytes.Add((byte)value);
                break;
            case -1:
                throw PdfFormatException.At(Position, "Unterminated string");
            default:
                bytes.Add((byte)e);
                break;
        }
    }

    public static bool IsHex(int b) => b is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static int HexValue(int b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
