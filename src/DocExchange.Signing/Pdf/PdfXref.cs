namespace DocExchange.Signing.Pdf;

public enum PdfXrefEntryType
{
    Free,
    InUse,
    /// <summary>Stored in an object stream (§7.5.8.3, type 2).</summary>
    Compressed,
}

/// <summary>One cross-reference entry. For <see cref="PdfXrefEntryType.Compressed"/>, <see cref="Offset"/> is the
/// object stream number and <see cref="Generation"/> the index within it.</summary>
public readonly record struct PdfXrefEntry(PdfXrefEntryType Type, long Offset, int Generation);

/// <summary>One cross-reference section: a classic table with its trailer, or an xref stream.</summary>
public sealed class PdfXrefSection
{
    internal PdfXrefSection(long offset, bool isStream, PdfDictionary trailer, Dictionary<int, PdfXrefEntry> entries, int? streamObjectNumber)
    {
        Offset = offset;
        IsStream = isStream;
        Trailer = trailer;
        Entries = entries;
        StreamObjectNumber = streamObjectNumber;
    }

    public long Offset { get; }

    public bool IsStream { get; }

    /// <summary>The trailer dictionary, or the xref stream's dictionary.</summary>
    public PdfDictionary Trailer { get; }

    public IReadOnlyDictionary<int, PdfXrefEntry> Entries { get; }

    /// <summary>The object number of the xref stream itself.</summary>
    public int? StreamObjectNumber { get; }

    public long? Prev => (Trailer["Prev"] as PdfInteger)?.Value;

    /// <summary>A hybrid file's pointer to its supplementary xref stream (§7.5.8.4).</summary>
    public long? XRefStm => (Trailer["XRefStm"] as PdfInteger)?.Value;
}

/// <summary>Reads a cross-reference section at a given offset (§7.5.4, §7.5.8).</summary>
internal static class PdfXrefReader
{
    public static PdfXrefSection Read(PdfInput input, long offset)
    {
        if (offset < 0 || offset >= input.Length)
        {
            throw PdfFormatException.At(offset, "startxref/Prev points outside the file");
        }
        var lexer = new PdfLexer(input) { Position = offset };
        var first = lexer.Peek();
        if (first.IsKeyword("xref"))
        {
            lexer.Next();
            return ReadTable(input, lexer, offset);
        }
        if (first.Kind == PdfTokenKind.Integer)
        {
            return ReadStream(input, offset);
        }
        throw PdfFormatException.At(offset, "No cross-reference table or stream where startxref/Prev points");
    }

    private static PdfXrefSection ReadTable(PdfInput input, PdfLexer lexer, long offset)
    {
        var entries = new Dictionary<int, PdfXrefEntry>();
        while (true)
        {
            var token = lexer.Next();
            if (token.IsKeyword("trailer"))
            {
                break;
            }
            var countToken = lexer.Next();
            if (token.Kind != PdfTokenKind.Integer || countToken.Kind != PdfTokenKind.Integer)
            {
                throw PdfFormatException.At(token.Position, "Malformed cross-reference subsection header");
            }
            var start = token.Integer;
            var count = countToken.Integer;
            // Each entry takes at least 5 bytes ("0 0 n"): a larger count cannot be real.
            if (start < 0 || count < 0 || start + count > PdfLimits.MaxObjectNumber + 1 || count > (input.Length - lexer.Position) / 5 + 1)
            {
                throw PdfFormatException.At(token.Position, "Implausible cross-reference subsection");
            }
            for (var i = 0; i < count; i++)
            {
                var field1 = lexer.Next();
                var field2 = lexer.Next();
                var type = lexer.Next();
                if (field1.Kind != PdfTokenKind.Integer || field2.Kind != PdfTokenKind.Integer || (!type.IsKeyword("n") && !type.IsKeyword("f")))
                {
                    throw PdfFormatException.At(field1.Position, "Malformed cross-reference entry");
                }
                var number = (int)(start + i);
                var entry = type.IsKeyword("n")
                    ? new PdfXrefEntry(PdfXrefEntryType.InUse, field1.Integer, (int)Math.Clamp(field2.Integer, 0, 65535))
                    : new PdfXrefEntry(PdfXrefEntryType.Free, field1.Integer, (int)Math.Clamp(field2.Integer, 0, 65535));
                entries[number] = entry;
            }
        }
        var parser = new PdfParser(lexer);
        if (parser.ParseObject() is not PdfDictionary trailer)
        {
            throw PdfFormatException.At(lexer.Position, "The trailer is not a dictionary");
        }
        return new PdfXrefSection(offset, isStream: false, trailer, entries, null);
    }

    private static PdfXrefSection ReadStream(PdfInput input, long offset)
    {
        var parser = new PdfParser(new PdfLexer(input));
        var (id, value) = parser.ParseIndirectObject(offset);
        if (value is not PdfStream stream || stream.Dictionary.GetName("Type") != "XRef")
        {
            throw PdfFormatException.At(offset, "Expected a cross-reference stream (/Type /XRef)");
        }
        var dictionary = stream.Dictionary;
        var widths = (dictionary["W"] as PdfArray)?.Items.Select(i => (i as PdfInteger)?.Value ?? -1).ToArray();
        if (widths is not { Length: 3 } || widths.Any(w => w is < 0 or > 8))
        {
            throw PdfFormatException.At(offset, "The xref stream has an invalid /W");
        }
        var size = (dictionary["Size"] as PdfInteger)?.Value ?? -1;
        if (size is < 0 or > PdfLimits.MaxObjectNumber + 1)
        {
            throw PdfFormatException.At(offset, "The xref stream has an invalid /Size");
        }
        var index = (dictionary["Index"] as PdfArray)?.Items.Select(i => (i as PdfInteger)?.Value ?? -1).ToArray() ?? [0, size];
        if (index.Length % 2 != 0 || index.Any(i => i < 0))
        {
            throw PdfFormatException.At(offset, "The xref stream has an invalid /Index");
        }
        var data = stream.Decode();
        var entryLength = (int)(widths[0] + widths[1] + widths[2]);
        if (entryLength == 0)
        {
            throw PdfFormatException.At(offset, "The xref stream has an empty /W");
        }
        var entries = new Dictionary<int, PdfXrefEntry>();
        var position = 0;
        for (var pair = 0; pair < index.Length; pair += 2)
        {
            var start = index[pair];
            var count = index[pair + 1];
            if (start + count > PdfLimits.MaxObjectNumber + 1 || count > (data.Length - position) / entryLength)
            {
                throw PdfFormatException.At(offset, "The xref stream's /Index does not match its data");
            }
            for (var i = 0; i < count; i++)
            {
                var type = widths[0] == 0 ? 1 : ReadField(data, ref position, (int)widths[0]);
                var field2 = ReadField(data, ref position, (int)widths[1]);
                var field3 = ReadField(data, ref position, (int)widths[2]);
                var number = (int)(start + i);
                entries[number] = type switch
                {
                    0 => new PdfXrefEntry(PdfXrefEntryType.Free, field2, (int)Math.Clamp(field3, 0, 65535)),
                    1 => new PdfXrefEntry(PdfXrefEntryType.InUse, field2, (int)Math.Clamp(field3, 0, 65535)),
                    2 => new PdfXrefEntry(PdfXrefEntryType.Compressed, field2, (int)Math.Clamp(field3, 0, int.MaxValue)),
                    // §7.5.8.3: unknown types are references to the null object.
                    _ => new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0),
                };
            }
        }
        return new PdfXrefSection(offset, isStream: true, dictionary, entries, id.Number);
    }

    private static long ReadField(byte[] data, ref int position, int width)
    {
        long value = 0;
        for (var i = 0; i < width; i++)
        {
            value = (value << 8) | data[position++];
        }
        return value;
    }
}
