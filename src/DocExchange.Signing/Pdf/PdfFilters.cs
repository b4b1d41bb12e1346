using System.IO.Compression;

namespace DocExchange.Signing.Pdf;

/// <summary>Stream filters needed to read structure: FlateDecode with PNG/TIFF predictors (§7.4.4).</summary>
internal static class PdfFilters
{
    public static byte[] Decode(PdfDictionary dictionary, byte[] raw, long maxLength)
    {
        var filters = dictionary["Filter"] switch
        {
            null => [],
            PdfName name => [name.Value],
            PdfArray array => array.Items.Select(i => (i as PdfName)?.Value ?? throw new PdfFormatException("A /Filter array holds a non-name.")).ToList(),
            _ => throw new PdfFormatException("/Filter is neither a name nor an array."),
        };
        var parameters = dictionary["DecodeParms"] switch
        {
            PdfDictionary d => [d],
            PdfArray a => a.Items.Select(i => i as PdfDictionary).ToList(),
            _ => new List<PdfDictionary?>(),
        };
        var data = raw;
        for (var i = 0; i < filters.Count; i++)
        {
            data = filters[i] switch
            {
                "FlateDecode" or "Fl" => Unpredict(Inflate(data, maxLength), i < parameters.Count ? parameters[i] : null),
                _ => throw new PdfFormatException($"The stream filter /{filters[i]} is not supported for structure streams."),
            };
        }
        return data;
    }

    private static byte[] Inflate(byte[] data, long maxLength)
    {
        try
        {
            using var input = new MemoryStream(data, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxLength)
                {
                    throw new PdfFormatException($"A compressed stream expands beyond the limit of {maxLength} bytes.");
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new PdfFormatException("A FlateDecode stream is corrupt.", e);
        }
    }

    private static byte[] Unpredict(byte[] data, PdfDictionary? parameters)
    {
        var predictor = (parameters?["Predictor"] as PdfInteger)?.Value ?? 1;
        if (predictor == 1)
        {
            return data;
        }
        var colors = (int)Math.Clamp((parameters?["Colors"] as PdfInteger)?.Value ?? 1, 1, 32);
        var bits = (int)Math.Clamp((parameters?["BitsPerComponent"] as PdfInteger)?.Value ?? 8, 1, 16);
        var columns = (int)Math.Clamp((parameters?["Columns"] as PdfInteger)?.Value ?? 1, 1, 1 << 20);
        var bytesPerPixel = Math.Max(1, colors * bits / 8);
        var rowLength = ((colors * bits * columns) + 7) / 8;
        if (predictor == 2)
        {
            if (bits != 8)
            {
                throw new PdfFormatException("TIFF predictor with other than 8 bits per component is not supported.");
            }
            var copy = (byte[])data.Clone();
            for (var row = 0; row + rowLength <= copy.Length; row += rowLength)
            {
                for (var i = bytesPerPixel; i < rowLength; i++)
                {
                    copy[row + i] += copy[row + i - bytesPerPixel];
                }
            }
            return copy;
        }
        if (predictor < 10)
        {
            throw new PdfFormatException($"Predictor {predictor} is not supported.");
        }
        // PNG predictors: every row starts with its own filter-type byte.
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        var previous = new byte[rowLength];
        for (var row = 0; row < rows; row++)
        {
            var filter = data[row * (rowLength + 1)];
            var source = data.AsSpan((row * (rowLength + 1)) + 1, rowLength);
            var current = output.AsSpan(row * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                var left = i >= bytesPerPixel ? current[i - bytesPerPixel] : 0;
                var up = previous[i];
                var upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                current[i] = filter switch
                {
                    0 => source[i],
                    1 => (byte)(source[i] + left),
                    2 => (byte)(source[i] + up),
                    3 => (byte)(source[i] + ((left + up) / 2)),
                    4 => (byte)(source[i] + Paeth(left, up, upLeft)),
                    _ => throw new PdfFormatException($"Unknown PNG predictor row filter {filter}."),
                };
            }
            current.CopyTo(previous);
        }
        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
