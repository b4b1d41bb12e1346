namespace DocExchange.Signing.Pdf;

internal enum PdfTokenKind
{
    EndOfFile,
    Integer,
    Real,
    String,
    HexString,
    Name,
    Keyword,
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
}

internal readonly record struct PdfToken(PdfTokenKind Kind, long Position, long Integer = 0, double Real = 0, byte[]? Bytes = null, string? Text = null)
{
    /// <summary>The offset just after the token.</summary>
    public long End { get; init; }

    public bool IsKeyword(string keyword) => Kind == PdfTokenKind.Keyword && Text == keyword;
}
