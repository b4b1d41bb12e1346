using System.Xml;

namespace DocExchange.EdXml.Writing;

/// <summary>Streams bytes into an element as base64 lines of a fixed length (76 by default, as MIME does).</summary>
internal static class Base64Lines
{
    private const int LinesPerBlock = 1024;

    public static async Task WriteAsync(XmlWriter xml, Stream source, int lineLength, CancellationToken ct)
    {
        var bytesPerLine = lineLength / 4 * 3;
        var bytes = new byte[bytesPerLine * LinesPerBlock];
        var chars = new char[(lineLength + 1) * LinesPerBlock + 1];
        var first = true;
        int read;
        while ((read = await source.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
        {
            var count = 0;
            for (var offset = 0; offset < read; offset += bytesPerLine)
            {
                if (!first) chars[count++] = '\n';
                first = false;
                Convert.TryToBase64Chars(bytes.AsSpan(offset, Math.Min(bytesPerLine, read - offset)), chars.AsSpan(count), out var written);
                count += written;
            }
            // Base64 and line feeds need no escaping.
            await xml.WriteRawAsync(chars, 0, count).ConfigureAwait(false);
        }
    }
}
