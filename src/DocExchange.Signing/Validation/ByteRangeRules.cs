using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>
/// What a signature's /ByteRange must be (ISO 32000-1 §12.8.1; ETSI EN 319 142-1 §5.5.3): two ranges, the first starting
/// at byte 0, in order and not overlapping, leaving out exactly this signature's /Contents string, the second reaching the
/// end of the revision the signature closes. Anything else leaves signed-looking bytes unsigned (signature wrapping).
/// </summary>
public static class ByteRangeRules
{
    public const string Malformed = "/ByteRange is missing or malformed (expected four non-negative integers [0 a b c] within the file).";
    public const string NotFromStart = "/ByteRange does not start at byte 0, so the first bytes of the file are not signed.";
    public const string NotInOrder = "/ByteRange's two ranges are not in file order.";
    public const string Overlapping = "/ByteRange's two ranges overlap.";
    public const string GapNotContents = "The bytes excluded by /ByteRange are not exactly this signature's /Contents string.";
    public const string NotToRevisionEnd = "/ByteRange does not reach the end (%%EOF) of the revision it signs, so part of that revision is not signed.";

    /// <summary>The first rule the signature breaks, or null; <paramref name="revision"/> is the revision the range closes.</summary>
    internal static string? Problem(PdfDocument document, PdfSignatureDictionary signature, out PdfRevision? revision)
    {
        revision = null;
        if (signature.ByteRange is not { Count: 4 } r || r.Any(v => v < 0) || r[0] + r[1] > document.Length || r[2] + r[3] > document.Length || r[2] + r[3] < r[2])
        {
            return Malformed;
        }
        var end = r[2] + r[3];
        revision = document.Revisions.FirstOrDefault(v => end >= v.EofOffset + 5 && end <= v.EndOffset);
        if (r[2] < r[0])
        {
            return NotInOrder;
        }
        if (r[0] != 0)
        {
            return NotFromStart;
        }
        if (r[2] < r[0] + r[1])
        {
            return Overlapping;
        }
        // The gap is this dictionary's own /Contents token, '<' to '>', as read from the file: not merely some hex string
        // of the same length elsewhere.
        if (signature.ContentsToken is not { } token || !ReferenceEquals(token.Input, document.Input)
            || token.Offset != r[1] || token.Offset + token.Length != r[2]
            || document.Input.ByteAt(r[1]) != '<' || document.Input.ByteAt(r[2] - 1) != '>')
        {
            return GapNotContents;
        }
        return revision is null ? NotToRevisionEnd : null;
    }
}
