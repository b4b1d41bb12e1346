namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>Content to send: a small well-formed PDF, and larger pseudo-random bytes that span many chunks.</summary>
internal static class TestContent
{
    public static byte[] Pdf(string text) => Testing.Pdfs.SamplePdf.Create(text);

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
