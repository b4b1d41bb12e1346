using System.Globalization;
using System.Text;

namespace DocExchange.Signing.Pdf;

/// <summary>A PDF object (ISO 32000-1 §7.3).</summary>
public abstract class PdfObject
{
    private protected PdfObject()
    {
    }

    /// <summary>Where a number, string or name was read from; a writer copies those bytes rather than re-format the value.</summary>
    internal PdfSourceSpan? Source { get; init; }
}

/// <summary>The bytes of one token in a file or a decoded object stream.</summary>
internal readonly record struct PdfSourceSpan(PdfInput Input, long Offset, int Length)
{
    public byte[] Read()
    {
        var bytes = new byte[Length];
        Input.ReadExactly(Offset, bytes);
        return bytes;
    }
}

public sealed class PdfNull : PdfObject
{
    public static readonly PdfNull Instance = new();

    private PdfNull()
    {
    }

    public override string ToString() => "null";
}

public sealed class PdfBoolean(bool value) : PdfObject
{
    public static readonly PdfBoolean True = new(true);
    public static readonly PdfBoolean False = new(false);

    public bool Value { get; } = value;

    public override string ToString() => Value ? "true" : "false";
}

public sealed class PdfInteger(long value) : PdfObject
{
    public long Value { get; } = value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed class PdfReal(double value) : PdfObject
{
    public double Value { get; } = value;

    public override string ToString() => Value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>A string: raw bytes as stored (after unescaping), and whether it was written in hex.</summary>
public sealed class PdfString(byte[] value, bool isHex = false) : PdfObject
{
    public byte[] Value { get; } = value;

    public bool IsHex { get; } = isHex;

    /// <summary>Decodes a text string (§7.9.2.2): UTF-16BE or UTF-8 with BOM, else PDFDocEncoding.</summary>
    public string ToText() => PdfText.Decode(Value);

    public override string ToString() => ToText();
}

public sealed class PdfName(string value) : PdfObject
{
    public string Value { get; } = value;

    public override string ToString() => "/" + Value;
}

public sealed class PdfArray : PdfObject
{
    public PdfArray()
    {
        Items = [];
    }

    public PdfArray(IEnumerable<PdfObject> items)
    {
        Items = [.. items];
    }

    public List<PdfObject> Items { get; }

    public int Count => Items.Count;

    public PdfObject this[int index] => Items[index];
}

/// <summary>A dictionary; keys are names without the slash, in insertion order.</summary>
public sealed class PdfDictionary : PdfObject
{
    private readonly List<KeyValuePair<string, PdfObject>> _entries = [];

    public PdfDictionary()
    {
    }

    public PdfDictionary(PdfDictionary other)
    {
        _entries.AddRange(other._entries);
    }

    public IReadOnlyList<KeyValuePair<string, PdfObject>> Entries => _entries;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public int Count => _entries.Count;

    public PdfObject? this[string key]
    {
        get
        {
            foreach (var entry in _entries)
            {
                if (entry.Key == key)
                {
                    return entry.Value;
                }
            }
            return null;
        }
        set
        {
            var index = _entries.FindIndex(e => e.Key == key);
            if (value is null)
            {
                if (index >= 0)
                {
                    _entries.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                _entries[index] = new(key, value);
            }
            else
            {
                _entries.Add(new(key, value));
            }
        }
    }

    public bool ContainsKey(string key) => _entries.Exists(e => e.Key == key);

    public string? GetName(string key) => (this[key] as PdfName)?.Value;
}

public sealed class PdfReference(int number, int generation) : PdfObject, IEquatable<PdfReference>
{
    public int Number { get; } = number;

    public int Generation { get; } = generation;

    public bool Equals(PdfReference? other) => other is not null && other.Number == Number && other.Generation == Generation;

    public override bool Equals(object? obj) => Equals(obj as PdfReference);

    public override int GetHashCode() => HashCode.Combine(Number, Generation);

    public override string ToString() => $"{Number} {Generation} R";
}

/// <summary>A stream: its dictionary and its raw (still encoded) data.</summary>
public sealed class PdfStream : PdfObject
{
    private readonly PdfInput? _source;
    private readonly byte[]? _data;

    internal PdfStream(PdfDictionary dictionary, PdfInput source, long dataOffset, long dataLength)
    {
        Dictionary = dictionary;
        _source = source;
        DataOffset = dataOffset;
        DataLength = dataLength;
    }

    public PdfStream(PdfDictionary dictionary, byte[] data)
    {
        Dictionary = dictionary;
        _data = data;
        DataOffset = -1;
        DataLength = data.Length;
    }

    public PdfDictionary Dictionary { get; }

    /// <summary>Offset of the raw data in the file, or -1 for a stream built in memory.</summary>
    public long DataOffset { get; }

    public long DataLength { get; }

    /// <summary>The raw, encoded bytes; refuses streams larger than <paramref name="maxLength"/>.</summary>
    public byte[] ReadRawData(long maxLength = PdfLimits.MaxDecodedStreamLength)
    {
        if (DataLength > maxLength)
        {
            throw new PdfFormatException($"A stream of {DataLength} bytes exceeds the limit of {maxLength} bytes.");
        }
        if (_data is not null)
        {
            return _data;
        }
        var buffer = new byte[DataLength];
        _source!.ReadExactly(DataOffset, buffer);
        return buffer;
    }

    /// <summary>The decoded bytes (FlateDecode with PNG predictors is supported).</summary>
    public byte[] Decode(long maxLength = PdfLimits.MaxDecodedStreamLength) => PdfFilters.Decode(Dictionary, ReadRawData(maxLength), maxLength);
}

internal static class PdfText
{
    // PDFDocEncoding 0x80-0x9F (ISO 32000-1 Annex D.2); elsewhere it matches Latin-1 closely enough.
    private static readonly char[] High =
    [
        '\u2022', '\u2020', '\u2021', '\u2026', '\u2014', '\u2013', '\u0192', '\u2044',
        '\u2039', '\u203A', '\u2212', '\u2030', '\u201E', '\u201C', '\u201D', '\u2018',
        '\u2019', '\u201A', '\u2122', '\uFB01', '\uFB02', '\u0141', '\u0152', '\u0160',
        '\u0178', '\u017D', '\u0131', '\u0142', '\u0153', '\u0161', '\u017E', '\uFFFD',
    ];

    public static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2 - (bytes.Length % 2));
        }
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            chars[i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
        }
        return new string(chars);
    }

    /// <summary>Encodes text as PDFDocEncoding when it is plain ASCII, else UTF-16BE with BOM.</summary>
    public static byte[] Encode(string text)
    {
        if (text.All(c => c is >= ' ' and < '\u007F'))
        {
            return Encoding.ASCII.GetBytes(text);
        }
        return [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)];
    }
}
