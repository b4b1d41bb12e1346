namespace DocExchange.Signing.Pdf;

/// <summary>
/// The certification signature of a document and the changes it permits (ISO 32000-1 §12.8.2.2): the catalog's
/// /Perms /DocMDP names the signature, whose /Reference holds a DocMDP transform with /TransformParams /P.
/// </summary>
internal static class DocMdp
{
    /// <summary>The certification signature dictionary's reference and its permission, or null when the document is not certified.</summary>
    public static (PdfReference Signature, int Permission)? Find(PdfDocument document, PdfRevision? revision = null)
    {
        if (document.ResolveDictionary(document.GetCatalog(revision)["Perms"], revision)?["DocMDP"] is not PdfReference reference)
        {
            return null;
        }
        var signature = document.ResolveDictionary(reference, revision);
        return signature is null ? null : (reference, Permission(document, signature, revision));
    }

    /// <summary>/P of the signature's DocMDP transform, clamped to 1..3; 2 when absent (§12.8.2.2.2, Table 254).</summary>
    public static int Permission(PdfDocument document, PdfDictionary signature, PdfRevision? revision = null)
    {
        if (document.Resolve(signature["Reference"], revision) is not PdfArray references)
        {
            return 2;
        }
        foreach (var item in references.Items)
        {
            var transform = document.ResolveDictionary(item, revision);
            if (transform?.GetName("TransformMethod") == "DocMDP")
            {
                var p = (document.Resolve(document.ResolveDictionary(transform["TransformParams"], revision)?["P"], revision) as PdfInteger)?.Value ?? 2;
                return (int)Math.Clamp(p, 1, 3);
            }
        }
        return 2;
    }
}
