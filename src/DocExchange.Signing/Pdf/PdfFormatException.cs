namespace DocExchange.Signing.Pdf;

/// <summary>The input is not a PDF this library can read: malformed, truncated or unsupported.</summary>
public sealed class PdfFormatException : Exception
{
    public PdfFormatException(string message)
        : base(message)
    {
    }

    public PdfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset in the file where the problem was found, when known.</summary>
    public long? Offset { get; init; }

    internal static PdfFormatException At(long offset, string message) => new($"{message} (at byte {offset}).") { Offset = offset };
}
