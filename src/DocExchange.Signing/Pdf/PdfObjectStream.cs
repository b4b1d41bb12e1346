namespace DocExchange.Signing.Pdf;

/// <summary>A decoded object stream (§7.5.7).</summary>
internal sealed class PdfObjectStream
{
    private readonly PdfInput _data;
    private readonly (int Number, long Offset)[] _index;
    private readonly long _first;
    private readonly Dictionary<int, PdfObject> _cache = [];

    public PdfObjectStream(int number, PdfStream stream)
    {
        Number = number;
        var count = (stream.Dictionary["N"] as PdfInteger)?.Value ?? -1;
        _first = (stream.Dictionary["First"] as PdfInteger)?.Value ?? -1;
        if (count is < 0 or > PdfLimits.MaxObjectsPerObjectStream || _first < 0)
        {
            throw new PdfFormatException($"Object stream {number} has an invalid /N or /First.");
        }
        var decoded = stream.Decode();
        if (_first > decoded.Length)
        {
            throw new PdfFormatException($"Object stream {number}'s /First lies beyond its data.");
        }
        _data = new PdfInput(decoded);
        var lexer = new PdfLexer(_data);
        _index = new (int, long)[count];
        for (var i = 0; i < count; i++)
        {
            var objectNumber = lexer.Next();
            var offset = lexer.Next();
            if (objectNumber.Kind != PdfTokenKind.Integer || offset.Kind != PdfTokenKind.Integer
                || objectNumber.Integer is < 0 or > PdfLimits.MaxObjectNumber || offset.Integer < 0 || _first + offset.Integer >= decoded.Length)
            {
                throw new PdfFormatException($"Object stream {number} has a malformed header.");
            }
            _index[i] = ((int)objectNumber.Integer, offset.Integer);
        }
    }

    public int Number { get; }

    public PdfObject Get(int objectNumber, int index)
    {
        if (_cache.TryGetValue(objectNumber, out var cached))
        {
            return cached;
        }
        if (index < 0 || index >= _index.Length || _index[index].Number != objectNumber)
        {
            // Tolerate a wrong index when the number is present.
            index = Array.FindIndex(_index, e => e.Number == objectNumber);
            if (index < 0)
            {
                throw new PdfFormatException($"Object {objectNumber} is not in object stream {Number}.");
            }
        }
        var parser = new PdfParser(new PdfLexer(_data) { Position = _first + _index[index].Offset });
        var value = parser.ParseObject();
        _cache[objectNumber] = value;
        return value;
    }
}
