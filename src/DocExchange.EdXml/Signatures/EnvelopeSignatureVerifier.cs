using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace DocExchange.EdXml.Signatures;

/// <summary>
/// Verifies an envelope's XML-DSig signature: it must reference the header (and may reference the body) by Id and
/// nothing else, use only the enveloped-signature and canonicalisation transforms, SHA-2 digests and an RSA or ECDSA
/// SHA-2 signature method, and verify with the key of a certificate in its KeyInfo. Anything else is Invalid with
/// the reason; a package changed after signing fails the digest check.
/// </summary>
internal static class EnvelopeSignatureVerifier
{
    private static readonly HashSet<string> SignatureMethods =
    [
        SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url,
        EcdsaSignatureDescription.Sha256Url, EcdsaSignatureDescription.Sha384Url, EcdsaSignatureDescription.Sha512Url,
    ];

    private static readonly HashSet<string> DigestMethods = [SignedXml.XmlDsigSHA256Url, SignedXml.XmlDsigSHA384Url, SignedXml.XmlDsigSHA512Url];

    private static readonly HashSet<string> Transforms =
    [
        SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigC14NTransformUrl,
    ];

    private static readonly HashSet<string> Canonicalizations = [SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigC14NTransformUrl];

    public static EdXmlSignatureResult Verify(XmlElement? signature, XmlElement header, XmlElement? body)
    {
        if (signature is null) return EdXmlSignatureResult.Absent;
        EcdsaSignatureDescription.EnsureRegistered();
        var document = header.OwnerDocument;
        var signed = new SignedXml(document);
        try
        {
            signed.LoadXml(signature);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return EdXmlSignatureResult.Invalid($"the Signature element is malformed: {e.Message}");
        }

        var info = signed.SignedInfo!;
        if (!Canonicalizations.Contains(info.CanonicalizationMethod))
            return EdXmlSignatureResult.Invalid($"canonicalization method {info.CanonicalizationMethod} is not accepted");
        if (info.SignatureMethod is null || !SignatureMethods.Contains(info.SignatureMethod))
            return EdXmlSignatureResult.Invalid($"signature method {info.SignatureMethod} is not accepted; use RSA or ECDSA with SHA-256 or stronger");

        var headerId = header.GetAttribute(EdXmlNames.IdAttribute);
        var bodyId = body?.GetAttribute(EdXmlNames.IdAttribute);
        var coversHeader = false;
        var coversBody = false;
        foreach (Reference reference in info.References)
        {
            if (reference.DigestMethod is null || !DigestMethods.Contains(reference.DigestMethod))
                return EdXmlSignatureResult.Invalid($"digest method {reference.DigestMethod} is not accepted; use SHA-256 or stronger");
            foreach (Transform transform in reference.TransformChain)
            {
                if (transform.Algorithm is null || !Transforms.Contains(transform.Algorithm))
                    return EdXmlSignatureResult.Invalid($"transform {transform.Algorithm} is not accepted");
            }
            var uri = reference.Uri ?? string.Empty;
            if (headerId.Length > 0 && uri == "#" + headerId) coversHeader = true;
            else if (!string.IsNullOrEmpty(bodyId) && uri == "#" + bodyId) coversBody = true;
            else return EdXmlSignatureResult.Invalid($"the signature references '{uri}'; only the edXMLHeader and edXMLBody (by their Id) may be signed");
        }
        if (!coversHeader) return EdXmlSignatureResult.Invalid("the signature does not cover the edXMLHeader (no reference to its Id)");

        var certificates = Certificates(signed);
        if (certificates.Count == 0) return EdXmlSignatureResult.Invalid("the signature's KeyInfo carries no X.509 certificate");
        try
        {
            foreach (var certificate in certificates)
            {
                if (signed.CheckSignature(certificate, verifySignatureOnly: true))
                {
                    // Signature wrapping: the references must resolve to the envelope's own header and body.
                    if (signed.GetIdElement(document, headerId) != header || (coversBody && signed.GetIdElement(document, bodyId!) != body))
                        return EdXmlSignatureResult.Invalid("the signed Id does not resolve to the envelope's own header or body", certificate);
                    return new EdXmlSignatureResult(EdXmlSignatureStatus.Valid, null, certificate, coversBody);
                }
            }
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return EdXmlSignatureResult.Invalid($"the signature cannot be checked: {e.Message}", certificates[0]);
        }
        return EdXmlSignatureResult.Invalid(
            "the signature does not verify: the header or manifest was changed after signing, or the certificate in KeyInfo did not make it",
            certificates[0]);
    }

    /// <summary>What SignedXml throws for a hostile or broken Signature element (bad base64, bad XML, bad key data).</summary>
    private static bool IsMalformed(Exception e) => e is CryptographicException or FormatException or XmlException or ArgumentException;

    private static List<X509Certificate2> Certificates(SignedXml signed)
    {
        var certificates = new List<X509Certificate2>();
        if (signed.KeyInfo is null) return certificates;
        foreach (KeyInfoClause clause in signed.KeyInfo)
        {
            if (clause is KeyInfoX509Data data && data.Certificates is { } list)
            {
                certificates.AddRange(list.Cast<X509Certificate2>());
            }
        }
        return certificates;
    }
}
