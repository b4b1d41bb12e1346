using System.Text;

namespace DocExchange.Client.Tests.Infrastructure;

/// <summary>Content to send: a small well-formed PDF, and larger pseudo-random bytes that span many chunks.</summary>
internal static class TestContent
{
    public static byte[] Pdf(string text) => Testing.Pdfs.SamplePdf.Create(text);

    /// <summary>
    /// A well-formed PDF of exactly <paramref name="length"/> bytes: the one-page PDF plus an unreferenced stream of
    /// pseudo-random bytes, for main documents that must span many chunks (the server refuses a main part that is no PDF).
    /// </summary>
    public static byte[] LargePdf(int length, int seed)
    {
        var small = Pdf($"Large document {seed}");
        var xrefAt = Encoding.ASCII.GetString(small).IndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var body = small[..xrefAt];
        var entries = Encoding.ASCII.GetString(small[xrefAt..]).Split('\n').Skip(3).Take(5);
        var payloadLength = length - small.Length;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // The lengths written in the object and the trailer change the size: settle them in a few rounds.
            var (header, footer, tail) = Frame(body.Length, payloadLength, entries);
            var size = body.Length + header.Length + payloadLength + footer.Length + tail.Length;
            if (size == length)
            {
                return [.. body, .. header, .. Random(payloadLength, seed), .. footer, .. tail];
            }

            payloadLength += length - size;
        }

        throw new ArgumentOutOfRangeException(nameof(length), length, "Too small for a PDF with a payload.");
    }

    private static (byte[] Header, byte[] Footer, byte[] Tail) Frame(int objectOffset, int payloadLength, IEnumerable<string> entries)
    {
        var header = Encoding.ASCII.GetBytes($"6 0 obj\n<< /Length {payloadLength} >>\nstream\n");
        var footer = Encoding.ASCII.GetBytes("\nendstream\nendobj\n");
        var tail = new StringBuilder("xref\n0 7\n0000000000 65535 f \n");
        foreach (var entry in entries)
        {
            tail.Append(entry).Append('\n');
        }

        tail.Append($"{objectOffset:D10} 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n{objectOffset + header.Length + payloadLength + footer.Length}\n%%EOF\n");
        return (header, footer, Encoding.ASCII.GetBytes(tail.ToString()));
    }

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
