using System.Text;

namespace DocExchange.Samples.AgencyDmsBridge.Files;

/// <summary>File and folder names made from values the bridge does not control, such as edXML document ids.</summary>
public static class SafeNames
{
    /// <summary>
    /// "000.00.00.G22,2024/05/01,7816/VPCP-TTĐT" becomes "000.00.00.G22,2024-05-01,7816-VPCP-TTĐT": path separators,
    /// control and reserved characters become '-', and a name made only of dots cannot climb out of the folder.
    /// </summary>
    public static string ForDocumentId(string documentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var invalid = Path.GetInvalidFileNameChars();
        var name = new StringBuilder(documentId.Length);
        foreach (var c in documentId.Normalize(NormalizationForm.FormC))
        {
            name.Append(char.IsControl(c) || invalid.Contains(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '-' : c);
        }

        var result = name.ToString().Trim().TrimEnd('.');
        if (result.Length == 0 || result.All(c => c == '.'))
        {
            result = "document";
        }

        return result.Length > 200 ? result[..200] : result;
    }
}
