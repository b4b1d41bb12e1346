using DocExchange.Signing.Cms;
using DocExchange.Signing.Ltv;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Signing.Pades;

/// <summary>What <see cref="PadesExtender.ExtendAsync"/> did.</summary>
/// <param name="Level">The level the signatures were raised to.</param>
/// <param name="AddedRevisions">The incremental updates appended, in order (for example "document timestamp", "DSS").</param>
/// <param name="TimestampTime">The time of the last document time-stamp added, if any.</param>
public sealed record PadesExtensionResult(PadesLevel Level, IReadOnlyList<string> AddedRevisions, DateTimeOffset? TimestampTime, long Size, byte[] Sha256);

/// <summary>
/// Raises the existing signatures of a PDF to a higher PAdES baseline level (ETSI EN 319 142-1 §6), only by
/// appending incremental updates, so every existing signature stays valid:
/// B-T by a document time-stamp when a signature has no signature time-stamp; B-LT by a /DSS holding the
/// certificates and CRLs that validate the signers and time-stamping authorities; B-LTA by a document
/// time-stamp over everything, DSS included.
/// </summary>
public static class PadesExtender
{
    /// <param name="input">The signed PDF; readable and seekable.</param>
    /// <param name="output">Receives the extended PDF; seekable, readable and writable.</param>
    /// <param name="timestampAuthority">Needed for B-T (when a signature lacks a time-stamp) and B-LTA.</param>
    /// <param name="validationData">Issuer certificates and revocation data for B-LT and B-LTA.</param>
    /// <exception cref="InvalidOperationException">The document has no signature to extend.</exception>
    public static async Task<PadesExtensionResult> ExtendAsync(Stream input, Stream output, PadesLevel targetLevel,
        ITimestampAuthority? timestampAuthority, LongTermValidationData? validationData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The output stream must be seekable, readable and writable.", nameof(output));
        }
        if (targetLevel == PadesLevel.None)
        {
            throw new ArgumentOutOfRangeException(nameof(targetLevel), targetLevel, "Choose a PAdES baseline level: B-B, B-T, B-LT or B-LTA.");
        }
        input.Position = 0;
        var signatures = Inspect(PdfDocument.Open(input, cancellationToken));
        if (!signatures.Any(s => !s.IsDocumentTimestamp))
        {
            throw new InvalidOperationException("The document has no signature to extend: sign it first.");
        }

        var added = new List<string>();
        DateTimeOffset? timestampTime = null;
        var current = input;
        var temporaries = new List<Stream>();
        try
        {
            async Task StepAsync(string name, Func<Stream, Stream, Task> step)
            {
                var next = NewTemporary();
                temporaries.Add(next);
                await step(current, next).ConfigureAwait(false);
                current = next;
                added.Add(name);
            }

            if (targetLevel >= PadesLevel.BaselineT && signatures.Any(s => !s.IsDocumentTimestamp && !s.HasTimestamp))
            {
                var tsa = timestampAuthority ?? throw new ArgumentException("A time-stamping authority is needed to raise a signature without a time-stamp to B-T.", nameof(timestampAuthority));
                await StepAsync("document timestamp", async (from, to) =>
                    timestampTime = (await DocumentTimestamper.AddAsync(from, to, tsa, null, cancellationToken).ConfigureAwait(false)).TimestampTime).ConfigureAwait(false);
            }
            if (targetLevel >= PadesLevel.BaselineLT)
            {
                current.Position = 0;
                var document = PdfDocument.Open(current, cancellationToken);
                var plan = PlanDss(Inspect(document), validationData ?? new LongTermValidationData());
                var existing = DssSnapshot.Read(document, document.LastRevision, []);
                if (!plan.IsCoveredBy(existing))
                {
                    await StepAsync("DSS", (from, to) => DssWriter.AppendAsync(from, to, plan.Certificates, plan.Crls, plan.OcspResponses, plan.Vri, cancellationToken)).ConfigureAwait(false);
                }
            }
            if (targetLevel >= PadesLevel.BaselineLTA)
            {
                var tsa = timestampAuthority ?? throw new ArgumentException("A time-stamping authority is needed for B-LTA.", nameof(timestampAuthority));
                await StepAsync("document timestamp", async (from, to) =>
                    timestampTime = (await DocumentTimestamper.AddAsync(from, to, tsa, null, cancellationToken).ConfigureAwait(false)).TimestampTime).ConfigureAwait(false);
            }

            output.Position = 0;
            output.SetLength(0);
            current.Position = 0;
            await current.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            output.Position = 0;
            var sha256 = await SHA256.HashDataAsync(output, cancellationToken).ConfigureAwait(false);
            return new PadesExtensionResult(targetLevel, added, timestampTime, output.Length, sha256);
        }
        finally
        {
            foreach (var temporary in temporaries)
            {
                await temporary.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static FileStream NewTemporary() => new(
        Path.Combine(Path.GetTempPath(), "docexchange-extend-" + Guid.NewGuid().ToString("N") + ".pdf"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>One signature or document time-stamp, with the certificates its CMS and tokens carry.</summary>
    private sealed record SignatureFacts(bool IsDocumentTimestamp, long CoveredUpTo, bool HasSignatureTimestamp, byte[] Contents, IReadOnlyList<X509Certificate2> Certificates)
    {
        public bool HasTimestamp { get; set; }
    }

    private static List<SignatureFacts> Inspect(PdfDocument document)
    {
        var result = new List<SignatureFacts>();
        foreach (var field in document.GetSignatureFields())
        {
            if (field.Signature is not { Contents.Length: > 0, ByteRange.Count: 4 } signature)
            {
                continue;
            }
            var coveredUpTo = signature.ByteRange[2] + signature.ByteRange[3];
            try
            {
                if (signature.IsDocumentTimestamp)
                {
                    var token = TimestampToken.Decode(signature.Contents);
                    result.Add(new SignatureFacts(true, coveredUpTo, false, signature.Contents, token.SignedData.Certificates));
                    continue;
                }
                var cms = CmsSignedData.Decode(signature.Contents);
                var certificates = cms.Certificates.ToList();
                var tokens = cms.Signer.GetUnsignedAttribute(Oids.SignatureTimeStampToken);
                foreach (var token in tokens)
                {
                    certificates.AddRange(TimestampToken.Decode(token).SignedData.Certificates);
                }
                result.Add(new SignatureFacts(false, coveredUpTo, tokens.Count > 0, signature.Contents, certificates));
            }
            catch (CryptographicException e)
            {
                throw new PdfFormatException($"The signature '{field.FullName}' cannot be decoded ({e.Message}); it cannot be extended.", e);
            }
        }
        foreach (var signature in result.Where(s => !s.IsDocumentTimestamp))
        {
            signature.HasTimestamp = signature.HasSignatureTimestamp || result.Any(t => t.IsDocumentTimestamp && t.CoveredUpTo > signature.CoveredUpTo);
        }
        return result;
    }

    /// <summary>What the DSS should hold for the document's signatures and time-stamps.</summary>
    private sealed record DssPlan(List<byte[]> Certificates, List<byte[]> Crls, IReadOnlyList<byte[]> OcspResponses, List<VriEntry> Vri)
    {
        public bool IsCoveredBy(DssSnapshot existing) =>
            Certificates.All(c => existing.Certificates.Any(e => e.RawData.AsSpan().SequenceEqual(c)))
            && Crls.All(c => existing.Crls.Any(e => e.AsSpan().SequenceEqual(c)))
            && OcspResponses.All(o => existing.OcspResponses.Any(e => e.AsSpan().SequenceEqual(o)));
    }

    private static DssPlan PlanDss(IReadOnlyList<SignatureFacts> signatures, LongTermValidationData data)
    {
        var crls = data.Crls.Select(CrlIssuer.Read).OfType<(byte[] Issuer, byte[] Der)>().ToList();
        var plan = new DssPlan([], [], data.OcspResponses, []);
        foreach (var signature in signatures)
        {
            var chain = CompleteChain(signature.Certificates, data.Certificates);
            // RFC 5280 §6.3: every certificate but the self-signed anchor needs its issuer's CRL.
            var relevantCrls = crls.Where(crl => IsIssuerOfAnother(chain, crl.Issuer)).Select(crl => crl.Der).ToList();
            var ders = chain.Select(c => c.RawData).ToList();
            AddDistinct(plan.Certificates, ders);
            AddDistinct(plan.Crls, relevantCrls);
            if (!signature.IsDocumentTimestamp)
            {
                plan.Vri.Add(new VriEntry(DssWriter.VriKey(signature.Contents), Distinct(ders), Distinct(relevantCrls)));
            }
        }
        return plan;
    }

    /// <summary>The certificates of a signature, plus the supplied CA certificates that issue any of them, transitively.</summary>
    private static List<X509Certificate2> CompleteChain(IReadOnlyList<X509Certificate2> carried, IReadOnlyList<X509Certificate2> supplied)
    {
        var chain = new List<X509Certificate2>(carried);
        for (var added = true; added;)
        {
            added = false;
            foreach (var candidate in supplied)
            {
                if (chain.Any(c => c.RawData.AsSpan().SequenceEqual(candidate.RawData)))
                {
                    continue;
                }
                if (chain.Any(c => c.IssuerName.RawData.AsSpan().SequenceEqual(candidate.SubjectName.RawData)))
                {
                    chain.Add(candidate);
                    added = true;
                }
            }
        }
        return chain;
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static bool IsIssuerOfAnother(List<X509Certificate2> chain, byte[] issuer) =>
        chain.Any(c => !IsSelfIssued(c) && c.IssuerName.RawData.AsSpan().SequenceEqual(issuer));

    private static void AddDistinct(List<byte[]> target, IEnumerable<byte[]> items)
    {
        foreach (var item in items)
        {
            if (!target.Any(t => t.AsSpan().SequenceEqual(item)))
            {
                target.Add(item);
            }
        }
    }

    private static List<byte[]> Distinct(IEnumerable<byte[]> items)
    {
        var result = new List<byte[]>();
        AddDistinct(result, items);
        return result;
    }
}
