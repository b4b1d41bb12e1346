using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Ltv;

/// <summary>Validation data for one signature's /VRI entry, keyed by the SHA-1 of its /Contents (ETSI EN 319 142-1 §5.4.2.2).</summary>
internal sealed record VriEntry(string Key, IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> Crls);

/// <summary>
/// Appends an incremental update that creates or extends the catalog's /DSS with /Certs, /CRLs and /OCSPs arrays
/// of streams and a /VRI dictionary. Items already in the store (same bytes) are referenced, not duplicated;
/// earlier objects are never rewritten except the DSS dictionary itself (or the catalog, to add it).
/// </summary>
internal static class DssWriter
{
    public static async Task AppendAsync(Stream input, Stream output, IReadOnlyList<byte[]> certificates, IReadOnlyList<byte[]> crls,
        IReadOnlyList<byte[]> ocspResponses, IReadOnlyList<VriEntry> vri, CancellationToken cancellationToken)
    {
        input.Position = 0;
        var document = PdfDocument.Open(input, cancellationToken);
        var revision = document.LastRevision;
        if (revision.Trailer["Root"] is not PdfReference catalogReference)
        {
            throw new PdfFormatException("The trailer's /Root is not an indirect reference.");
        }
        var catalog = new PdfDictionary(document.GetCatalog());
        var existing = document.ResolveDictionary(catalog["DSS"]);
        var update = new PdfIncrementalUpdate(document);
        var known = new Dictionary<string, PdfReference>(StringComparer.Ordinal);

        PdfArray Merge(string key, IEnumerable<byte[]> items)
        {
            var array = new PdfArray();
            if (document.Resolve(existing?[key]) is PdfArray old)
            {
                foreach (var item in old.Items)
                {
                    array.Items.Add(item);
                    if (item is PdfReference reference && document.Resolve(reference) is PdfStream stream)
                    {
                        known.TryAdd(key + Convert.ToHexString(SHA256.HashData(stream.Decode())), reference);
                    }
                }
            }
            foreach (var item in items)
            {
                var id = key + Convert.ToHexString(SHA256.HashData(item));
                if (!known.ContainsKey(id))
                {
                    var reference = update.Add(new PdfStream(new PdfDictionary(), item));
                    known[id] = reference;
                    array.Items.Add(reference);
                }
            }
            return array;
        }

        var dss = existing is null ? new PdfDictionary { ["Type"] = new PdfName("DSS") } : new PdfDictionary(existing);
        SetIfNotEmpty(dss, "Certs", Merge("Certs", certificates));
        SetIfNotEmpty(dss, "CRLs", Merge("CRLs", crls));
        SetIfNotEmpty(dss, "OCSPs", Merge("OCSPs", ocspResponses));
        if (vri.Count > 0)
        {
            var vriDictionary = new PdfDictionary(document.ResolveDictionary(existing?["VRI"]) ?? new PdfDictionary());
            foreach (var entry in vri)
            {
                var signatureVri = new PdfDictionary { ["Type"] = new PdfName("VRI") };
                SetIfNotEmpty(signatureVri, "Cert", new PdfArray(entry.Certificates.Select(c => known["Certs" + Convert.ToHexString(SHA256.HashData(c))])));
                SetIfNotEmpty(signatureVri, "CRL", new PdfArray(entry.Crls.Select(c => known["CRLs" + Convert.ToHexString(SHA256.HashData(c))])));
                vriDictionary[entry.Key] = signatureVri;
            }
            dss["VRI"] = vriDictionary;
        }

        if (catalog["DSS"] is PdfReference dssReference)
        {
            update.Replace(dssReference, dss);
        }
        else
        {
            catalog["DSS"] = update.Add(dss);
            update.Replace(catalogReference, catalog);
        }
        var (bytes, _) = update.Build();
        input.Position = 0;
        var buffer = new byte[81920];
        var remaining = document.Length;
        while (remaining > 0)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The input PDF ended before its recorded length.");
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The /VRI key of a signature: uppercase hex SHA-1 of its /Contents string bytes.</summary>
    public static string VriKey(byte[] contents) => Convert.ToHexString(SHA1.HashData(contents));

    private static void SetIfNotEmpty(PdfDictionary dictionary, string key, PdfArray array)
    {
        if (array.Count > 0)
        {
            dictionary[key] = array;
        }
    }
}
