using System.Globalization;
using System.Text;

namespace DocExchange.Bench;

/// <summary>
/// Writes a well-formed one-page PDF of about a given size: the page shows one uncompressed greyscale image
/// whose pixels are pseudo-random, so the size is real content (as in a scanned document) and nothing compresses.
/// </summary>
public static class BenchPdf
{
    private const int ImageWidth = 1024;
    private const int BlockSize = 1024 * 1024;

    public static byte[] Create(long targetBytes)
    {
        using var output = new MemoryStream(checked((int)targetBytes + 4096));
        Write(output, targetBytes);
        return output.ToArray();
    }

    /// <summary>Writes the PDF to <paramref name="output"/> without holding its content in memory (1 MiB at a time).</summary>
    public static void Write(Stream output, long targetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBytes, 4096L);
        var height = Math.Max(1, (targetBytes - 1024) / ImageWidth);
        var imageLength = height * ImageWidth;
        var offsets = new List<long>();
        long position = 0;

        void Text(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            output.Write(bytes);
            position += bytes.Length;
        }

        void Object(string body)
        {
            offsets.Add(position);
            Text(string.Create(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{body}\nendobj\n"));
        }

        Text("%PDF-1.7\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>");
        const string content = "q 495 0 0 742 50 50 cm /Im1 Do Q";
        Object(string.Create(CultureInfo.InvariantCulture, $"<< /Length {content.Length} >>\nstream\n{content}\nendstream"));

        offsets.Add(position);
        Text(string.Create(CultureInfo.InvariantCulture,
            $"5 0 obj\n<< /Type /XObject /Subtype /Image /Width {ImageWidth} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {imageLength} >>\nstream\n"));
        var block = new byte[BlockSize];
        new Random(20161102).NextBytes(block);
        for (long written = 0; written < imageLength;)
        {
            var n = (int)Math.Min(BlockSize, imageLength - written);
            output.Write(block, 0, n);
            written += n;
        }
        position += imageLength;
        Text("\nendstream\nendobj\n");

        var xref = position;
        var table = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Text(table.ToString());
    }
}
