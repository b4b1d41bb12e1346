using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>Small PDFs written by hand (offsets computed here, not by the code under test).</summary>
internal static partial class TestPdfs
{
    /// <summary>A classic-xref PDF with the given number of pages, each with its own text content stream.</summary>
    public static byte[] Classic(int pages = 1, string text = "Hello")
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + string.Join(' ', Enumerable.Range(0, pages).Select(p => $"{4 + (2 * p)} 0 R")) + $"] /Count {pages} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        for (var p = 0; p < pages; p++)
        {
            var content = $"BT /F1 24 Tf 72 720 Td ({text} {p + 1}) Tj ET";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + (2 * p)} 0 R >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }
        return WriteClassic(objects);
    }

    /// <summary>Writes objects 1..n with a classic xref table and trailer (root = 1).</summary>
    public static byte[] WriteClassic(IReadOnlyList<string> objects)
    {
        var builder = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        foreach (var (body, index) in objects.Select((b, i) => (b, i)))
        {
            offsets.Add(Latin1Length(builder));
            builder.Append(CultureInfo.InvariantCulture, $"{index + 1} 0 obj\n{body}\nendobj\n");
        }
        var xref = Latin1Length(builder);
        builder.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        builder.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    /// <summary>The same document rewritten by qpdf with object streams and an xref stream.</summary>
    public static async Task<byte[]> WithXrefStreamAsync(byte[] classic)
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("in.pdf"), classic);
        await ExternalTool.RunCheckedAsync("qpdf", "--object-streams=generate", directory.File("in.pdf"), directory.File("out.pdf"));
        return await File.ReadAllBytesAsync(directory.File("out.pdf"));
    }

    /// <summary>Appends a hand-written classic incremental update that (re)defines the given objects.</summary>
    public static byte[] AppendClassicUpdate(byte[] pdf, IReadOnlyDictionary<int, string> objects, int? size = null)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var previousXref = long.Parse(StartXrefPattern().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var previousSize = int.Parse(SizePattern().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var root = RootPattern().Matches(text)[^1].Groups[1].Value;
        var builder = new StringBuilder(text);
        if (!text.EndsWith('\n'))
        {
            builder.Append('\n');
        }
        var offsets = new SortedDictionary<int, int>();
        foreach (var (number, body) in objects)
        {
            offsets[number] = Latin1Length(builder);
            builder.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }
        var xref = Latin1Length(builder);
        builder.Append("xref\n");
        foreach (var (number, offset) in offsets)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n \n");
        }
        var newSize = size ?? Math.Max(previousSize, objects.Keys.Max() + 1);
        builder.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {newSize} /Root {root} R /Prev {previousXref} >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    private static int Latin1Length(StringBuilder builder) => builder.Length; // Latin-1: one byte per char

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXrefPattern();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+)\s+R")]
    private static partial Regex RootPattern();
}
