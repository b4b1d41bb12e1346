using System.Numerics;
using DocExchange.Signing.Cms;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;
using Org.BouncyCastle.Asn1;

namespace DocExchange.Signing.Validation;

/// <summary>
/// Validates every signature of a PDF: format, byte-range hash, CMS signature, signing certificate, signature
/// timestamp, certificate path with OCSP responses and CRLs, and what later revisions changed. Vocabulary of ETSI EN 319 102-1.
/// </summary>
public static class PdfSignatureValidator
{
    /// <summary>Validates a PDF read from a seekable stream.</summary>
    /// <exception cref="PdfFormatException">The file is not a readable PDF.</exception>
    public static Task<ValidationReport> ValidateAsync(Stream pdf, ValidationOptions options, CancellationToken cancellationToken) =>
        ValidateAsync(pdf, options, copyTo: null, cancellationToken);

    /// <summary>
    /// Validates a PDF read from a seekable stream, copying the file into <paramref name="copyTo"/> in the one read that
    /// hashes it: the report's whole-file SHA-256 is then the writer's digest of what it wrote, not computed again.
    /// </summary>
    /// <param name="copyTo">An empty, incomplete blob writer; on success it holds the whole file, else what was read of it.</param>
    /// <exception cref="PdfFormatException">The file is not a readable PDF.</exception>
    public static async Task<ValidationReport> ValidateAsync(Stream pdf, ValidationOptions options, Core.Storage.IBlobWriter? copyTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(options);
        var validationTime = options.ValidationTime ?? DateTimeOffset.UtcNow;
        pdf.Position = 0;
        var document = PdfDocument.Open(pdf, cancellationToken);
        var fields = document.GetSignatureFields();
        var revocationProblems = new List<string>();
        // The document security store (B-LT) supplies certificates, CRLs and OCSP responses besides the caller's (ETSI EN 319 142-1 §5.4.2).
        var ltv = new LongTermValidationEvidence(document);
        var dss = ltv.Latest;
        var effective = dss.IsEmpty ? options : options with { ExtraCertificates = [.. options.ExtraCertificates, .. dss.Certificates] };
        var revocation = new RevocationChecker(
            new OcspResponseSet(options.OcspResponses.Concat(dss.OcspResponses), revocationProblems),
            new CrlSet(options.Crls.Concat(dss.Crls), revocationProblems),
            options.OnlineRevocation);
        var paths = new CertificatePathValidator(effective, revocation, validationTime);
        var certification = FindCertification(document);
        var signed = fields.Where(f => f.Signature is not null).ToList();
        // Only ranges that will be checked against their signature, and a bounded number of them: a hostile file's
        // thousands of fake fields must not each cost a hash of the file here; the rest are hashed as validated.
        var hashable = signed.Select(f => f.Signature!).Where(s => IsWellFormedByteRange(document, s)).Select(s => s.ByteRange).Take(SinglePassHasher.MaxRanges);
        var hashes = await SinglePassHasher.HashAsync(pdf, hashable, copyTo, cancellationToken).ConfigureAwait(false);
        var context = new Context(document, pdf, effective, paths, ltv, validationTime, certification?.Permission, hashes);
        var reports = new SignatureReport[signed.Count];
        // Document time-stamps first: a valid one proves the existence of every signature it covers (PAdES B-T by document time-stamp).
        foreach (var documentTimestampsFirst in new[] { true, false })
        {
            for (var i = 0; i < signed.Count; i++)
            {
                var field = signed[i];
                if (field.Signature!.IsDocumentTimestamp != documentTimestampsFirst)
                {
                    continue;
                }
                cancellationToken.ThrowIfCancellationRequested();
                var report = new SignatureReport(field.FullName);
                foreach (var problem in revocationProblems)
                {
                    report.Warn(problem);
                }
                try
                {
                    await ValidateSignatureAsync(context, field, report, cancellationToken).ConfigureAwait(false);
                    if (certification is { } certified && Equals(certified.Signature, field.SignatureReference))
                    {
                        report.DocMdpPermission = certified.Permission;
                    }
                }
                catch (Exception e) when (e is PdfFormatException or CryptographicException or NotSupportedException)
                {
                    report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, e.Message);
                }
                if (report.Kind == SignatureKind.DocumentTimestamp && report.Indication == Indication.TotalPassed
                    && report.TimestampTime is { } time && report.Coverage is { Revision: > 0 } covered)
                {
                    context.DocumentTimestamps.Add((covered.Revision, time));
                }
                reports[i] = report;
            }
        }
        var result = reports.ToList();
        ApplyCertificationLock(result);
        return new ValidationReport(result, validationTime, document.Revisions.Count, hashes.WholeFile);
    }

    /// <summary>What every signature's validation shares.</summary>
    private sealed record Context(PdfDocument Document, Stream Pdf, ValidationOptions Options, CertificatePathValidator Paths,
        LongTermValidationEvidence Ltv, DateTimeOffset ValidationTime, int? CertificationPermission, SinglePassHasher.Hashes Hashes)
    {
        /// <summary>The digest of <paramref name="range"/>: from the single pass when it is SHA-256, else read again.</summary>
        public async Task<byte[]> DigestAsync(IReadOnlyList<long> range, HashAlgorithmName algorithm, CancellationToken cancellationToken) =>
            algorithm == HashAlgorithmName.SHA256 && Hashes.Of(range) is { } known
                ? known
                : await ByteRangeHasher.HashAsync(Pdf, range, algorithm, cancellationToken).ConfigureAwait(false);

        /// <summary>Valid document time-stamps: the revision each closes and its time.</summary>
        public List<(int Revision, DateTimeOffset Time)> DocumentTimestamps { get; } = [];
    }

    private static async Task ValidateSignatureAsync(Context context, PdfSignatureField field, SignatureReport report, CancellationToken cancellationToken)
    {
        var (document, pdf, options, paths) = (context.Document, context.Pdf, context.Options, context.Paths);
        var signature = field.Signature!;
        report.ClaimedSigningTime = signature.SigningTime;
        report.SubFilter = signature.SubFilter;
        report.Kind = signature.IsDocumentTimestamp ? SignatureKind.DocumentTimestamp : SignatureKind.Unspecified;

        // Coverage and modifications are reported even when the signature itself turns out bad.
        var range = CheckByteRange(document, signature, report);
        if (range is null)
        {
            return;
        }
        if (report.Coverage is { Revision: > 0 } coverage)
        {
            // A certification's DocMDP permission governs every later revision; an uncertified document is held to P=2.
            var modifications = new ModificationAnalyzer(document, context.CertificationPermission ?? 2, context.CertificationPermission is not null).Analyze(coverage.Revision);
            foreach (var modification in modifications)
            {
                report.AddModification(modification);
            }
            report.ModificationVerdict = coverage.IsLastRevision ? ModificationVerdict.None
                : modifications.Any(m => !m.Allowed) ? ModificationVerdict.Disallowed : ModificationVerdict.Allowed;
            if (report.ModificationVerdict == ModificationVerdict.Disallowed)
            {
                report.Warn("The document was changed after this signature in ways that are not allowed: "
                    + string.Join(" ", modifications.Where(m => !m.Allowed).Select(m => $"(revision {m.Revision}) {m.Description}")));
            }
        }

        if (signature.Contents is not { Length: > 0 })
        {
            report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, "The signature has no /Contents.");
            return;
        }
        switch (signature.SubFilter)
        {
            case "ETSI.CAdES.detached" or "adbe.pkcs7.detached":
                await ValidateCmsSignatureAsync(context, signature, range, report, cancellationToken).ConfigureAwait(false);
                break;
            case "ETSI.RFC3161":
                await ValidateDocumentTimestampAsync(context, signature, range, options, paths, report, cancellationToken).ConfigureAwait(false);
                break;
            case "adbe.pkcs7.sha1" or "adbe.x509.rsa_sha1":
                report.Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailure, $"/SubFilter /{signature.SubFilter} relies on SHA-1 and is not accepted.");
                break;
            default:
                report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, $"Unknown /SubFilter /{signature.SubFilter ?? "(missing)"}.");
                break;
        }
    }

    private static bool IsWellFormedByteRange(PdfDocument document, PdfSignatureDictionary signature) =>
        ByteRangeRules.Problem(document, signature, out _) is null;

    /// <summary>Checks /ByteRange against the rules of <see cref="ByteRangeRules"/>; a breach is a FORMAT_FAILURE.</summary>
    private static long[]? CheckByteRange(PdfDocument document, PdfSignatureDictionary signature, SignatureReport report)
    {
        var problem = ByteRangeRules.Problem(document, signature, out var revision);
        if (signature.ByteRange is { Count: 4 } r && problem is null or ByteRangeRules.GapNotContents)
        {
            var range = r.ToArray();
            var isLast = revision is not null && revision.Number == document.Revisions.Count && range[2] + range[3] == document.Length;
            report.Coverage = new SignatureCoverage(range, revision?.Number ?? 0, revision is not null && problem is null, isLast);
        }
        if (problem is not null)
        {
            report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, problem);
            return null;
        }
        return signature.ByteRange!.ToArray();
    }

    private static async Task ValidateCmsSignatureAsync(Context context, PdfSignatureDictionary signature, long[] range, SignatureReport report, CancellationToken cancellationToken)
    {
        var (pdf, options, paths) = (context.Pdf, context.Options, context.Paths);
        var cms = CmsSignedData.Decode(signature.Contents);
        var signer = cms.Signer;
        if (cms.Content is not null)
        {
            report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, "A detached PDF signature must not encapsulate content.");
            return;
        }
        if (cms.SignerCount != 1)
        {
            report.Warn($"The CMS has {cms.SignerCount} signers; only the first is validated.");
        }
        var digest = Oids.DigestFromOid(signer.DigestAlgorithmOid);
        report.DigestAlgorithm = Oids.DigestDisplayName(signer.DigestAlgorithmOid);
        report.SignatureAlgorithm = SignatureAlgorithms.Describe(signer.SignatureAlgorithmOid, digest);
        if (digest is null || digest == HashAlgorithmName.MD5 || digest == HashAlgorithmName.SHA1)
        {
            report.Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailure, $"The digest algorithm {report.DigestAlgorithm} is not accepted.");
            return;
        }
        var certificate = cms.FindSignerCertificate(options.ExtraCertificates);
        if (certificate is not null)
        {
            report.Signer = Describe(certificate);
            report.Kind = KindOf(certificate);
        }
        var documentDigest = await context.DigestAsync(range, digest.Value, cancellationToken).ConfigureAwait(false);
        if (signer.SignedAttributesForVerification is null)
        {
            if (signature.SubFilter == "ETSI.CAdES.detached")
            {
                report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, "ETSI.CAdES.detached requires signed attributes.");
                return;
            }
            report.Fail(Indication.Indeterminate, SubIndication.SigConstraintsFailure, "Signatures without signed attributes are not supported.");
            return;
        }
        var messageDigest = signer.GetSignedAttribute(Oids.MessageDigest);
        if (messageDigest.Count != 1)
        {
            report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, "The CMS must carry exactly one messageDigest attribute.");
            return;
        }
        if (messageDigest[0] is not Asn1OctetString signedDigest || !signedDigest.GetOctets().AsSpan().SequenceEqual(documentDigest))
        {
            report.Fail(Indication.TotalFailed, SubIndication.HashFailure, "The document's signed bytes do not match the signed digest: the document was altered.");
            return;
        }
        var contentType = signer.GetSignedAttribute(Oids.ContentType);
        if (contentType.Count != 1 || contentType[0] is not DerObjectIdentifier { Id: Oids.Data })
        {
            report.Fail(Indication.TotalFailed, SubIndication.FormatFailure, "The contentType attribute must be id-data.");
            return;
        }
        if (certificate is null)
        {
            report.Fail(Indication.Indeterminate, SubIndication.NoSigningCertificateFound, "The signing certificate is not in the signature nor among the supplied certificates.");
            return;
        }
        var essV2 = signer.GetSignedAttribute(Oids.SigningCertificateV2);
        var essV1 = signer.GetSignedAttribute(Oids.SigningCertificate);
        var ess = essV2.Count == 1 ? EssSigningCertificate.ReadFirst(essV2[0], v2: true) : essV1.Count == 1 ? EssSigningCertificate.ReadFirst(essV1[0], v2: false) : null;
        var baselineConformant = signature.SubFilter == "ETSI.CAdES.detached";
        if (ess is { } id)
        {
            if (!EssSigningCertificate.Hash(id.Hash, certificate.RawData).AsSpan().SequenceEqual(id.CertHash))
            {
                report.Fail(Indication.Indeterminate, SubIndication.NoSigningCertificateFound, "The signing-certificate attribute does not identify the certificate that signed.");
                return;
            }
        }
        else if (signature.SubFilter == "ETSI.CAdES.detached")
        {
            // ETSI EN 319 142-1 §6.3 and EN 319 122-1 §5.2.2: a PAdES signature names its certificate in signing-certificate-v2.
            report.Fail(Indication.Indeterminate, SubIndication.NoSigningCertificateFound,
                "The ETSI.CAdES.detached signature has no ESS signing-certificate-v2 attribute, which PAdES requires to bind the signing certificate.");
            return;
        }
        else
        {
            baselineConformant = false;
        }
        if (signer.GetSignedAttribute(Oids.SigningTime).Count > 0 && signature.SubFilter == "ETSI.CAdES.detached")
        {
            baselineConformant = false;
            report.Warn("PAdES baseline signatures must not carry a signing-time attribute (ETSI EN 319 142-1 §6.3), so no baseline level is given.");
        }
        var verified = SignatureAlgorithms.Verify(certificate, signer.SignatureAlgorithm, digest.Value, signer.SignedAttributesForVerification, signer.Signature);
        if (verified is null)
        {
            report.Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailure, $"The signature algorithm {signer.SignatureAlgorithmOid} is not supported.");
            return;
        }
        if (verified == false)
        {
            report.Fail(Indication.TotalFailed, SubIndication.SigCryptoFailure, "The signature value does not verify with the signing certificate's key.");
            return;
        }
        // ETSI EN 319 102-1 §5.2.4: a signing certificate outside the constraints on its purpose.
        if (SigningCertificatePurpose.Problem(certificate, options.AllowedExtendedKeyUsages) is { } purpose)
        {
            report.Fail(Indication.Indeterminate, SubIndication.ChainConstraintsFailure, purpose);
            return;
        }
        report.Level = baselineConformant ? PadesLevel.BaselineB : PadesLevel.None;

        var timestamp = await ValidateSignatureTimestampAsync(signer, cms, options, paths, report, cancellationToken).ConfigureAwait(false);
        if (timestamp is { } proven)
        {
            report.TimestampTime = proven;
            if (baselineConformant)
            {
                report.Level = PadesLevel.BaselineT;
            }
            if (report.ClaimedSigningTime is { } claimed && claimed > proven.AddMinutes(5))
            {
                report.Warn($"The claimed signing time ({claimed:u}) is later than the signature timestamp ({proven:u}).");
            }
        }

        var signedRevision = report.Coverage?.Revision ?? 0;
        if (timestamp is null && signedRevision > 0
            && context.DocumentTimestamps.Where(t => t.Revision > signedRevision).OrderBy(t => t.Time).Select(t => (DateTimeOffset?)t.Time).FirstOrDefault() is { } covering)
        {
            // ETSI EN 319 142-1 §6.3: a document time-stamp over the signature serves as its signature time-stamp.
            timestamp = covering;
            report.TimestampTime = covering;
            if (baselineConformant)
            {
                report.Level = PadesLevel.BaselineT;
            }
        }

        var path = await paths.ValidateAsync(certificate, cms.Certificates, timestamp, "signing", cancellationToken).ConfigureAwait(false);
        foreach (var warning in path.Warnings)
        {
            report.Warn(warning);
        }
        if (!path.Passed)
        {
            report.Fail(path.Indication, path.SubIndication, path.Error!);
            return;
        }
        if (report.Level < PadesLevel.BaselineT)
        {
            return;
        }
        // B-LT: the DSS alone validates the path; B-LTA: a valid document time-stamp covers such a DSS (§6.4, §6.5).
        if (context.Ltv.Covers(context.Document.Revisions.Count, path.Chain, cms.Certificates, context.ValidationTime, timestamp))
        {
            report.Level = PadesLevel.BaselineLT;
            if (context.DocumentTimestamps.Any(t => t.Revision > signedRevision
                && context.Ltv.Covers(t.Revision, path.Chain, cms.Certificates, context.ValidationTime, timestamp)))
            {
                report.Level = PadesLevel.BaselineLTA;
            }
        }
    }

    /// <summary>Validates the id-aa-signatureTimeStampToken (RFC 3161 Appendix A); returns the proven time, or null.</summary>
    private static async Task<DateTimeOffset?> ValidateSignatureTimestampAsync(CmsSignerInfo signer, CmsSignedData cms, ValidationOptions options, CertificatePathValidator paths, SignatureReport report, CancellationToken cancellationToken)
    {
        var tokens = signer.GetUnsignedAttribute(Oids.SignatureTimeStampToken);
        if (tokens.Count == 0)
        {
            return null;
        }
        try
        {
            var token = TimestampToken.Decode(tokens[0]);
            if (!token.MatchesData(signer.Signature))
            {
                report.Warn("The signature timestamp does not cover this signature value; it was ignored.");
                return null;
            }
            var (tsa, error) = token.VerifySignature(options.ExtraCertificates.Concat(cms.Certificates));
            if (error is not null)
            {
                report.Warn($"The signature timestamp is invalid ({error}); it was ignored.");
                return null;
            }
            var path = await paths.ValidateAsync(tsa!, token.SignedData.Certificates.Concat(cms.Certificates), null, "time-stamping authority", cancellationToken).ConfigureAwait(false);
            if (!path.Passed)
            {
                report.Warn($"The signature timestamp's authority is not trusted ({path.Error}); the timestamp was ignored.");
                return null;
            }
            return token.GenerationTime;
        }
        catch (CryptographicException e)
        {
            report.Warn($"The signature timestamp is malformed ({e.Message}); it was ignored.");
            return null;
        }
    }

    /// <summary>A document timestamp (ETSI.RFC3161): the /Contents is a TimeStampToken over the byte ranges.</summary>
    private static async Task ValidateDocumentTimestampAsync(Context context, PdfSignatureDictionary signature, long[] range, ValidationOptions options,
        CertificatePathValidator paths, SignatureReport report, CancellationToken cancellationToken)
    {
        var token = TimestampToken.Decode(signature.Contents);
        var hash = Oids.DigestFromOid(token.Info.ImprintAlgorithmOid);
        report.DigestAlgorithm = Oids.DigestDisplayName(token.Info.ImprintAlgorithmOid);
        report.SignatureAlgorithm = SignatureAlgorithms.Describe(token.SignedData.Signer.SignatureAlgorithmOid, Oids.DigestFromOid(token.SignedData.Signer.DigestAlgorithmOid));
        if (hash is null || hash == HashAlgorithmName.MD5 || hash == HashAlgorithmName.SHA1)
        {
            report.Fail(Indication.Indeterminate, SubIndication.CryptoConstraintsFailure, $"The imprint algorithm {report.DigestAlgorithm} is not accepted.");
            return;
        }
        var digest = await context.DigestAsync(range, hash.Value, cancellationToken).ConfigureAwait(false);
        if (!digest.AsSpan().SequenceEqual(token.Info.ImprintValue))
        {
            report.Fail(Indication.TotalFailed, SubIndication.HashFailure, "The document timestamp does not match the document's signed bytes.");
            return;
        }
        var (tsa, error) = token.VerifySignature(options.ExtraCertificates);
        if (tsa is not null)
        {
            report.Signer = Describe(tsa);
        }
        if (error is not null)
        {
            report.Fail(tsa is null ? Indication.Indeterminate : Indication.TotalFailed, tsa is null ? SubIndication.NoSigningCertificateFound : SubIndication.SigCryptoFailure, $"The document timestamp is invalid: {error}.");
            return;
        }
        report.TimestampTime = token.GenerationTime;
        var path = await paths.ValidateAsync(tsa!, token.SignedData.Certificates, null, "time-stamping authority", cancellationToken).ConfigureAwait(false);
        foreach (var warning in path.Warnings)
        {
            report.Warn(warning);
        }
        if (!path.Passed)
        {
            report.Fail(path.Indication, path.SubIndication, path.Error!);
        }
    }

    private static SignatureKind KindOf(X509Certificate2 certificate)
    {
        var types = QcStatements.ReadQcTypes(certificate);
        return types.Contains(Oids.QcTypeESeal) ? SignatureKind.Agency
            : types.Contains(Oids.QcTypeESign) ? SignatureKind.Personal
            : SignatureKind.Unspecified;
    }

    private static SignerDetails Describe(X509Certificate2 certificate) => SignerDetails.Of(certificate);

    // §12.8.2.2: a certification with P=1 permits no change at all after it.
    private static void ApplyCertificationLock(List<SignatureReport> reports)
    {
        var certification = reports.FirstOrDefault(r => r.DocMdpPermission == 1);
        if (certification?.Coverage is not { IsLastRevision: false })
        {
            return;
        }
        certification.AddModification(new Modification(certification.Coverage.Revision + 1, "The document is certified with no changes allowed (DocMDP P=1), yet later revisions exist.", false));
        certification.ModificationVerdict = ModificationVerdict.Disallowed;
    }

    private static (PdfReference Signature, int Permission)? FindCertification(PdfDocument document)
    {
        try
        {
            return DocMdp.Find(document);
        }
        catch (PdfFormatException)
        {
            return null;
        }
    }
}
