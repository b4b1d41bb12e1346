namespace DocExchange.Signing.Pdf;

/// <summary>Bounds that keep hostile input from exhausting time, memory or stack.</summary>
internal static class PdfLimits
{
    public const int MaxNestingDepth = 64;
    public const int MaxResolveDepth = 16;
    public const int MaxXrefSections = 4096;
    public const int MaxObjectNumber = 8_388_607; // ISO 32000-1 Annex C
    public const long MaxDecodedStreamLength = 64L * 1024 * 1024;
    public const int MaxNameLength = 4096;
    public const int MaxTokenLength = 4096;
    public const int MaxPages = 100_000;
    public const int MaxFields = 100_000;
    public const int MaxObjectsPerObjectStream = 100_000;
}
