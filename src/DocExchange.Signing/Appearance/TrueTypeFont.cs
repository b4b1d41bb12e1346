using System.Buffers.Binary;

namespace DocExchange.Signing.Appearance;

/// <summary>
/// Just enough of a TrueType font (Apple TrueType Reference / OpenType spec) to map characters to glyphs,
/// measure them, and write a subset in which unused glyphs are empty (glyph ids are kept, so CID = GID).
/// </summary>
internal sealed class TrueTypeFont
{
    private static readonly string[] SubsetTables = ["cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"];
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables = [];
    private readonly Dictionary<int, int> _cmap = [];
    private readonly int[] _glyphOffsets;
    private readonly ushort[] _advances;

    private TrueTypeFont(byte[] data, string name)
    {
        _data = data;
        Name = name;
        if (data.Length < 12)
        {
            throw new InvalidDataException("Not a TrueType font.");
        }
        var numTables = U16(4);
        for (var i = 0; i < numTables; i++)
        {
            var record = 12 + (16 * i);
            var tag = System.Text.Encoding.ASCII.GetString(data, record, 4);
            _tables[tag] = ((int)U32(record + 8), (int)U32(record + 12));
        }
        foreach (var required in (string[])["head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"])
        {
            if (!_tables.ContainsKey(required))
            {
                throw new InvalidDataException($"The font has no '{required}' table (CFF-based OpenType fonts are not supported).");
            }
        }
        var head = _tables["head"].Offset;
        UnitsPerEm = U16(head + 18);
        BoundingBox = [S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42)];
        var longLoca = S16(head + 50) == 1;
        var hhea = _tables["hhea"].Offset;
        Ascent = S16(hhea + 4);
        Descent = S16(hhea + 6);
        var metrics = U16(hhea + 34);
        GlyphCount = U16(_tables["maxp"].Offset + 4);
        _advances = new ushort[GlyphCount];
        var hmtx = _tables["hmtx"].Offset;
        for (var g = 0; g < GlyphCount; g++)
        {
            _advances[g] = U16(hmtx + (4 * Math.Min(g, metrics - 1)));
        }
        _glyphOffsets = new int[GlyphCount + 1];
        var loca = _tables["loca"].Offset;
        for (var g = 0; g <= GlyphCount; g++)
        {
            _glyphOffsets[g] = longLoca ? (int)U32(loca + (4 * g)) : U16(loca + (2 * g)) * 2;
        }
        ReadCmap();
        CapHeight = _tables.TryGetValue("OS/2", out var os2) && os2.Length >= 90 ? S16(os2.Offset + 88) : Ascent;
    }

    public string Name { get; }
    public int UnitsPerEm { get; }
    public int[] BoundingBox { get; }
    public int Ascent { get; }
    public int Descent { get; }
    public int CapHeight { get; }
    public int GlyphCount { get; }

    public static TrueTypeFont Load(string path) =>
        new(File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path).Replace(" ", "", StringComparison.Ordinal));

    public int GlyphOf(int codePoint) => _cmap.GetValueOrDefault(codePoint);

    /// <summary>Advance width in 1/1000 em (PDF glyph space).</summary>
    public double Width(int glyph) => _advances[glyph] * 1000.0 / UnitsPerEm;

    /// <summary>A font file whose glyf table keeps only <paramref name="used"/> (and their components).</summary>
    public byte[] Subset(IEnumerable<int> used)
    {
        var keep = new HashSet<int>();
        var pending = new Stack<int>(used.Append(0));
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (glyph < 0 || glyph >= GlyphCount || !keep.Add(glyph))
            {
                continue;
            }
            foreach (var component in Components(glyph))
            {
                if (!keep.Contains(component))
                {
                    pending.Push(component);
                }
            }
        }
        var glyf = _tables["glyf"].Offset;
        var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (GlyphCount + 1)];
        for (var g = 0; g < GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)newGlyf.Length);
            if (keep.Contains(g))
            {
                newGlyf.Write(_data, glyf + _glyphOffsets[g], _glyphOffsets[g + 1] - _glyphOffsets[g]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * GlyphCount), (uint)newGlyf.Length);
        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tag in SubsetTables)
        {
            if (_tables.TryGetValue(tag, out var table))
            {
                tables[tag] = _data.AsSpan(table.Offset, table.Length).ToArray();
            }
        }
        tables["glyf"] = newGlyf.ToArray();
        tables["loca"] = newLoca;
        var head = tables["head"];
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long offsets
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, recomputed below
        var font = WriteFont(tables);
        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(HeadOffset(font) + 8), 0xB1B0AFBA - Checksum(font));
        return font;
    }

    private static int HeadOffset(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            if (font.AsSpan(12 + (16 * i), 4).SequenceEqual("head"u8))
            {
                return (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8));
            }
        }
        throw new InvalidOperationException("No head table.");
    }

    private static byte[] WriteFont(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        var output = new MemoryStream();
        var header = new byte[12 + (16 * count)];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((count * 16) - searchRange));
        output.Write(header);
        var index = 0;
        foreach (var (tag, table) in tables)
        {
            var record = header.AsSpan(12 + (16 * index++));
            System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(table));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)output.Length);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)table.Length);
            output.Write(table);
            while (output.Length % 4 != 0)
            {
                output.WriteByte(0);
            }
        }
        var bytes = output.ToArray();
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }
            sum += word;
        }
        return sum;
    }

    // Composite glyph components (glyf table, "Composite glyph description").
    private IEnumerable<int> Components(int glyph)
    {
        var start = _tables["glyf"].Offset + _glyphOffsets[glyph];
        var length = _glyphOffsets[glyph + 1] - _glyphOffsets[glyph];
        if (length <= 0 || S16(start) >= 0)
        {
            yield break;
        }
        var position = start + 10;
        for (var guard = 0; guard < 64; guard++)
        {
            var flags = U16(position);
            yield return U16(position + 2);
            position += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            position += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                yield break;
            }
        }
    }

    private void ReadCmap()
    {
        var cmap = _tables["cmap"].Offset;
        var count = U16(cmap + 2);
        int? format4 = null, format12 = null;
        for (var i = 0; i < count; i++)
        {
            var platform = U16(cmap + 4 + (8 * i));
            var encoding = U16(cmap + 6 + (8 * i));
            var offset = cmap + (int)U32(cmap + 8 + (8 * i));
            var format = U16(offset);
            if (format == 12 && (platform == 3 && encoding == 10 || platform == 0))
            {
                format12 = offset;
            }
            else if (format == 4 && (platform == 3 && encoding == 1 || platform == 0))
            {
                format4 = offset;
            }
        }
        if (format12 is { } f12)
        {
            var groups = (int)U32(f12 + 12);
            for (var g = 0; g < groups; g++)
            {
                var start = (int)U32(f12 + 16 + (12 * g));
                var end = (int)U32(f12 + 20 + (12 * g));
                var glyph = (int)U32(f12 + 24 + (12 * g));
                for (var c = start; c <= end && c - start < 0x10000; c++)
                {
                    _cmap[c] = glyph + (c - start);
                }
            }
            return;
        }
        if (format4 is not { } f4)
        {
            throw new InvalidDataException("The font has no Unicode cmap.");
        }
        var segments = U16(f4 + 6) / 2;
        var ends = f4 + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            int start = U16(starts + (2 * s)), end = U16(ends + (2 * s)), delta = S16(deltas + (2 * s)), rangeOffset = U16(rangeOffsets + (2 * s));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                var glyph = rangeOffset == 0
                    ? (c + delta) & 0xFFFF
                    : U16(rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start)));
                if (rangeOffset != 0 && glyph != 0)
                {
                    glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0)
                {
                    _cmap[c] = glyph;
                }
            }
        }
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset));
    private short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(offset));
    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset));
}
