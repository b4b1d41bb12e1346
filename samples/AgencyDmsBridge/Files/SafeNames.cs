using DocExchange.Core.Files;

namespace DocExchange.Samples.AgencyDmsBridge.Files;

/// <summary>File and folder names made from values the bridge does not control, such as edXML document ids.</summary>
public static class SafeNames
{
    /// <summary>
    /// "000.00.00.G22,2024/05/01,7816/VPCP-TTĐT" becomes "000.00.00.G22,2024-05-01,7816-VPCP-TTĐT": the '/' of the
    /// date and notation become '-', then the client library's <see cref="SafeFileName"/> rules apply (controls and
    /// escape sequences replaced, a name made only of dots replaced, a long name shortened).
    /// </summary>
    public static string ForDocumentId(string documentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        return SafeFileName.From(documentId.Replace('/', '-').Replace('\\', '-'), "document");
    }

    /// <summary>The full path of <paramref name="name"/> in <paramref name="folder"/>, proven to stay inside it.</summary>
    public static string PathIn(string folder, string name) => SafeFileName.PathInside(folder, name);
}
