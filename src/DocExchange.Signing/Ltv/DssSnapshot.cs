using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Ltv;

/// <summary>The contents of a document security store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3) as of one revision.</summary>
internal sealed record DssSnapshot(IReadOnlyList<X509Certificate2> Certificates, IReadOnlyList<byte[]> Crls, IReadOnlyList<byte[]> OcspResponses)
{
    private const int MaxItems = 4096;
    private const long MaxItemLength = 16L * 1024 * 1024;

    public static DssSnapshot Empty { get; } = new([], [], []);

    public bool IsEmpty => Certificates.Count == 0 && Crls.Count == 0 && OcspResponses.Count == 0;

    /// <summary>Reads /DSS from the catalog of <paramref name="revision"/>; unreadable entries are skipped with a problem noted.</summary>
    public static DssSnapshot Read(PdfDocument document, PdfRevision revision, ICollection<string> problems)
    {
        PdfDictionary? dss;
        try
        {
            dss = document.ResolveDictionary(document.GetCatalog(revision)["DSS"], revision);
        }
        catch (PdfFormatException e)
        {
            problems.Add($"The document security store cannot be read: {e.Message}");
            return Empty;
        }
        if (dss is null)
        {
            return Empty;
        }
        var certificates = new List<X509Certificate2>();
        foreach (var der in ReadStreams(document, revision, dss, "Certs", problems))
        {
            try
            {
                certificates.Add(Cms.SharedCertificates.Load(der));
            }
            catch (CryptographicException e)
            {
                problems.Add($"A certificate in the document security store was ignored: {e.Message}");
            }
        }
        return new DssSnapshot(certificates, ReadStreams(document, revision, dss, "CRLs", problems), ReadStreams(document, revision, dss, "OCSPs", problems));
    }

    private static List<byte[]> ReadStreams(PdfDocument document, PdfRevision revision, PdfDictionary dss, string key, ICollection<string> problems)
    {
        var result = new List<byte[]>();
        try
        {
            if (document.Resolve(dss[key], revision) is not PdfArray array)
            {
                return result;
            }
            foreach (var item in array.Items.Take(MaxItems))
            {
                if (document.Resolve(item, revision) is PdfStream stream)
                {
                    result.Add(stream.Decode(MaxItemLength));
                }
            }
        }
        catch (PdfFormatException e)
        {
            problems.Add($"The document security store's /{key} cannot be read: {e.Message}");
        }
        return result;
    }
}
