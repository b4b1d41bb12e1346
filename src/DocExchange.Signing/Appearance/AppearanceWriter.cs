using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Appearance;

/// <summary>Writes the appearance stream (a Form XObject, §12.5.5) and its embedded Type0/CIDFontType2 font (§9.7).</summary>
internal static class AppearanceWriter
{
    private const double Padding = 4;
    private const double LineSpacing = 1.25;

    /// <returns>The appearance stream to put under the widget's /AP /N.</returns>
    public static PdfReference Write(PdfIncrementalUpdate update, PdfSignatureAppearance appearance, IReadOnlyList<string> lines)
    {
        if (appearance.Width <= 2 * Padding || appearance.Height <= 2 * Padding)
        {
            throw new ArgumentException("The signature rectangle is too small to show anything.", nameof(appearance));
        }
        var font = TrueTypeFont.Load(appearance.ResolveFontPath());
        var glyphLines = lines.Select(line => line.EnumerateRunes().Select(r => font.GlyphOf(r.Value)).ToArray()).ToList();
        var missing = lines.SelectMany(l => l.EnumerateRunes()).Where(r => font.GlyphOf(r.Value) == 0 && !Rune.IsWhiteSpace(r)).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"The font '{font.Name}' cannot show: {string.Concat(missing.Select(r => r.ToString()))}.", nameof(appearance));
        }
        var fontReference = WriteFont(update, font, glyphLines, lines);

        // One size for all lines: as large as the height allows, then shrunk so the widest line fits.
        var widths = glyphLines.Select(g => g.Sum(font.Width) / 1000.0).ToList();
        var usableWidth = appearance.Width - (2 * Padding);
        var usableHeight = appearance.Height - (2 * Padding);
        var size = usableHeight / (lines.Count * LineSpacing);
        var widest = widths.DefaultIfEmpty(0).Max();
        if (widest > 0)
        {
            size = Math.Min(size, usableWidth / widest);
        }
        var content = new StringBuilder();
        var (r, g, b) = appearance.Color;
        var color = $"{F(r)} {F(g)} {F(b)}";
        content.Append(CultureInfo.InvariantCulture, $"q {color} RG {color} rg 1.5 w 0.75 0.75 {F(appearance.Width - 1.5)} {F(appearance.Height - 1.5)} re S\n");
        var blockHeight = lines.Count * size * LineSpacing;
        var top = Padding + ((usableHeight + blockHeight) / 2);
        for (var i = 0; i < lines.Count; i++)
        {
            var x = Padding + ((usableWidth - (widths[i] * size)) / 2);
            var y = top - ((i + 1) * size * LineSpacing) + (size * (LineSpacing - 1) / 2) + (size * -font.Descent / font.UnitsPerEm);
            var hex = string.Concat(glyphLines[i].Select(glyph => glyph.ToString("X4", CultureInfo.InvariantCulture)));
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 {F(size)} Tf {F(x)} {F(y)} Td <{hex}> Tj ET\n");
        }
        content.Append("Q\n");
        var form = new PdfDictionary
        {
            ["Type"] = new PdfName("XObject"),
            ["Subtype"] = new PdfName("Form"),
            ["BBox"] = Numbers(0, 0, appearance.Width, appearance.Height),
            ["Resources"] = new PdfDictionary { ["Font"] = new PdfDictionary { ["F1"] = fontReference } },
        };
        return update.Add(Compressed(form, Encoding.ASCII.GetBytes(content.ToString())));
    }

    private static PdfReference WriteFont(PdfIncrementalUpdate update, TrueTypeFont font, List<int[]> glyphLines, IReadOnlyList<string> lines)
    {
        var used = glyphLines.SelectMany(g => g).Distinct().Order().ToList();
        var subset = font.Subset(used);
        // §9.6.4: a subset's name starts with six upper-case letters and a plus sign.
        var tag = string.Concat(SHA256.HashData(subset).Take(6).Select(b => (char)('A' + (b % 26))));
        var name = new PdfName($"{tag}+{font.Name}");
        var fontFile = Compressed(new PdfDictionary { ["Length1"] = new PdfInteger(subset.Length) }, subset);
        var descriptor = new PdfDictionary
        {
            ["Type"] = new PdfName("FontDescriptor"),
            ["FontName"] = name,
            ["Flags"] = new PdfInteger(32), // nonsymbolic
            ["FontBBox"] = Numbers(font.BoundingBox.Select(v => v * 1000.0 / font.UnitsPerEm).ToArray()),
            ["ItalicAngle"] = new PdfInteger(0),
            ["Ascent"] = new PdfInteger(font.Ascent * 1000 / font.UnitsPerEm),
            ["Descent"] = new PdfInteger(font.Descent * 1000 / font.UnitsPerEm),
            ["CapHeight"] = new PdfInteger(font.CapHeight * 1000 / font.UnitsPerEm),
            ["StemV"] = new PdfInteger(80),
            ["FontFile2"] = update.Add(fontFile),
        };
        var widths = new PdfArray();
        foreach (var glyph in used)
        {
            widths.Items.Add(new PdfInteger(glyph));
            widths.Items.Add(new PdfArray([new PdfReal(Math.Round(font.Width(glyph), 3))]));
        }
        var cidFont = new PdfDictionary
        {
            ["Type"] = new PdfName("Font"),
            ["Subtype"] = new PdfName("CIDFontType2"),
            ["BaseFont"] = name,
            ["CIDSystemInfo"] = new PdfDictionary
            {
                ["Registry"] = new PdfString("Adobe"u8.ToArray()),
                ["Ordering"] = new PdfString("Identity"u8.ToArray()),
                ["Supplement"] = new PdfInteger(0),
            },
            ["FontDescriptor"] = update.Add(descriptor),
            ["W"] = widths,
            ["CIDToGIDMap"] = new PdfName("Identity"),
        };
        var type0 = new PdfDictionary
        {
            ["Type"] = new PdfName("Font"),
            ["Subtype"] = new PdfName("Type0"),
            ["BaseFont"] = name,
            ["Encoding"] = new PdfName("Identity-H"),
            ["DescendantFonts"] = new PdfArray([update.Add(cidFont)]),
            ["ToUnicode"] = update.Add(Compressed(new PdfDictionary(), ToUnicode(glyphLines, lines))),
        };
        return update.Add(type0);
    }

    // §9.10.3: maps each glyph id (= CID) back to its Unicode text so the signature text can be copied and searched.
    private static byte[] ToUnicode(List<int[]> glyphLines, IReadOnlyList<string> lines)
    {
        var map = new SortedDictionary<int, string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var runes = lines[i].EnumerateRunes().ToArray();
            for (var j = 0; j < runes.Length; j++)
            {
                map.TryAdd(glyphLines[i][j], Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(runes[j].ToString())));
            }
        }
        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in map.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (glyph, unicode) in chunk)
            {
                cmap.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{unicode}>\n");
            }
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(cmap.ToString());
    }

    private static PdfStream Compressed(PdfDictionary dictionary, byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        dictionary["Filter"] = new PdfName("FlateDecode");
        return new PdfStream(dictionary, output.ToArray());
    }

    private static PdfArray Numbers(params double[] values) => new(values.Select(v => (PdfObject)new PdfReal(v)));

    private static string F(double value) => PdfObjectWriter.FormatReal(Math.Round(value, 3));
}
