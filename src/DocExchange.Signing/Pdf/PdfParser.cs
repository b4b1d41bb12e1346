namespace DocExchange.Signing.Pdf;

/// <summary>Parses objects and indirect objects from tokens (ISO 32000-1 §7.3).</summary>
internal sealed class PdfParser(PdfLexer lexer, Func<PdfReference, long?>? resolveLength = null)
{
    private static readonly byte[] EndStream = "endstream"u8.ToArray();

    public PdfLexer Lexer { get; } = lexer;

    public PdfObject ParseObject() => ParseObject(Lexer.Next(), 0);

    /// <summary>Parses "n g obj … endobj" at <paramref name="offset"/>.</summary>
    public (PdfReference Id, PdfObject Value) ParseIndirectObject(long offset)
    {
        Lexer.Position = offset;
        var number = Lexer.Next();
        var generation = Lexer.Next();
        var keyword = Lexer.Next();
        if (number.Kind != PdfTokenKind.Integer || generation.Kind != PdfTokenKind.Integer || !keyword.IsKeyword("obj")
            || number.Integer is < 0 or > PdfLimits.MaxObjectNumber || generation.Integer is < 0 or > 65535)
        {
            throw PdfFormatException.At(offset, "Expected an indirect object ('n g obj')");
        }
        var id = new PdfReference((int)number.Integer, (int)generation.Integer);
        var value = ParseObject(Lexer.Next(), 0);
        if (value is PdfDictionary dictionary && Lexer.Peek().IsKeyword("stream"))
        {
            Lexer.Next();
            value = ReadStream(dictionary);
        }
        return (id, value);
    }

    private PdfObject ParseObject(PdfToken token, int depth)
    {
        if (depth > PdfLimits.MaxNestingDepth)
        {
            throw PdfFormatException.At(token.Position, "Objects nested too deeply");
        }
        switch (token.Kind)
        {
            case PdfTokenKind.Integer:
                return ParseIntegerOrReference(token);
            case PdfTokenKind.Real:
                return new PdfReal(token.Real) { Source = SourceOf(token) };
            case PdfTokenKind.String:
                return new PdfString(token.Bytes!) { Source = SourceOf(token) };
            case PdfTokenKind.HexString:
                return new PdfString(token.Bytes!, isHex: true) { Source = SourceOf(token) };
            case PdfTokenKind.Name:
                return new PdfName(token.Text!) { Source = SourceOf(token) };
            case PdfTokenKind.ArrayStart:
                var array = new PdfArray();
                while (true)
                {
                    var next = Lexer.Next();
                    if (next.Kind == PdfTokenKind.ArrayEnd)
                    {
                        return array;
                    }
                    if (next.Kind == PdfTokenKind.EndOfFile)
                    {
                        throw PdfFormatException.At(token.Position, "Unterminated array");
                    }
                    array.Items.Add(ParseObject(next, depth + 1));
                }
            case PdfTokenKind.DictionaryStart:
                var dictionary = new PdfDictionary();
                while (true)
                {
                    var key = Lexer.Next();
                    if (key.Kind == PdfTokenKind.DictionaryEnd)
                    {
                        return dictionary;
                    }
                    if (key.Kind != PdfTokenKind.Name)
                    {
                        throw PdfFormatException.At(key.Position, "Expected a name as dictionary key");
                    }
                    var value = ParseObject(Lexer.Next(), depth + 1);
                    dictionary[key.Text!] = value;
                }
            case PdfTokenKind.Keyword:
                return token.Text switch
                {
                    "true" => PdfBoolean.True,
                    "false" => PdfBoolean.False,
                    "null" => PdfNull.Instance,
                    _ => throw PdfFormatException.At(token.Position, $"Unexpected keyword '{token.Text}'"),
                };
            case PdfTokenKind.EndOfFile:
                throw PdfFormatException.At(token.Position, "Unexpected end of file");
            default:
                throw PdfFormatException.At(token.Position, $"Unexpected token {token.Kind}");
        }
    }

    private PdfObject ParseIntegerOrReference(PdfToken first)
    {
        var saved = Lexer.Position;
        var second = Lexer.Next();
        if (second.Kind == PdfTokenKind.Integer)
        {
            var third = Lexer.Next();
            if (third.IsKeyword("R") && first.Integer is >= 0 and <= PdfLimits.MaxObjectNumber && second.Integer is >= 0 and <= 65535)
            {
                return new PdfReference((int)first.Integer, (int)second.Integer);
            }
        }
        Lexer.Position = saved;
        return new PdfInteger(first.Integer) { Source = SourceOf(first) };
    }

    private PdfSourceSpan SourceOf(PdfToken token) => new(Lexer.Input, token.Position, checked((int)(token.End - token.Position)));

    private PdfStream ReadStream(PdfDictionary dictionary)
    {
        var input = Lexer.Input;
        var position = Lexer.Position;
        // §7.3.8.1: "stream" is followed by CRLF or LF (a lone CR is tolerated).
        if (input.ByteAt(position) == '\r')
        {
            position++;
        }
        if (input.ByteAt(position) == '\n')
        {
            position++;
        }
        var dataStart = position;
        long? length = dictionary["Length"] switch
        {
            PdfInteger i => i.Value,
            PdfReference r => resolveLength?.Invoke(r),
            _ => null,
        };
        if (length is { } declared && declared >= 0 && dataStart + declared <= input.Length && EndStreamFollows(dataStart + declared))
        {
            Lexer.Position = dataStart + declared;
        }
        else
        {
            var end = FindEndStream(dataStart) ?? throw PdfFormatException.At(dataStart, "Stream without 'endstream'");
            Lexer.Position = end;
            // The end-of-line before "endstream" is not part of the data.
            if (end > dataStart && input.ByteAt(end - 1) == '\n')
            {
                end--;
            }
            if (end > dataStart && input.ByteAt(end - 1) == '\r')
            {
                end--;
            }
            length = end - dataStart;
        }
        var endToken = Lexer.Next();
        if (!endToken.IsKeyword("endstream"))
        {
            throw PdfFormatException.At(endToken.Position, "Expected 'endstream'");
        }
        return new PdfStream(dictionary, input, dataStart, length.Value);
    }

    private bool EndStreamFollows(long offset)
    {
        var lexer = new PdfLexer(Lexer.Input) { Position = offset };
        lexer.SkipWhitespaceAndComments();
        return Lexer.Input.Matches(lexer.Position, EndStream);
    }

    private long? FindEndStream(long from)
    {
        var input = Lexer.Input;
        for (var offset = from; offset + EndStream.Length <= input.Length; offset++)
        {
            if (input.ByteAt(offset) == 'e' && input.Matches(offset, EndStream))
            {
                return offset;
            }
        }
        return null;
    }
}
