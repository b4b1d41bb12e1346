using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using BcAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using BcSignedData = Org.BouncyCastle.Asn1.Cms.SignedData;

namespace DocExchange.Signing.Cms;

/// <summary>
/// Assembles CMS SignedData (RFC 5652 §5) with one signer identified by issuer and serial number, from BouncyCastle's
/// ASN.1 types. The signature value is computed elsewhere (by a key this process may never hold), over
/// <see cref="EncodeSignedAttributes"/>' bytes, which is why BouncyCastle's one-pass CMS generator is not used.
/// </summary>
internal static class CmsSignedDataWriter
{
    /// <summary>Signed attributes as the DER SET OF that the signature covers (RFC 5652 §5.4).</summary>
    public static byte[] EncodeSignedAttributes(IEnumerable<(string Oid, Asn1Encodable Value)> attributes) =>
        ToAttributeSet(attributes).GetEncoded(Asn1Encodable.Der);

    public static byte[] Write(
        HashAlgorithmName digest,
        string contentType,
        byte[]? encapsulatedContent,
        X509Certificate2 signer,
        IEnumerable<X509Certificate2> certificates,
        byte[] signedAttributes,
        PadesSignatureScheme scheme,
        byte[] signature,
        IEnumerable<(string Oid, Asn1Encodable Value)> unsignedAttributes)
    {
        var signedSet = ReadSignedAttributes(signedAttributes);
        var seen = new HashSet<string>();
        var certificateSet = new DerSet(certificates.Prepend(signer).Where(c => seen.Add(c.Thumbprint)).Select(c => (Asn1Encodable)X509CertificateStructure.GetInstance(c.RawData)).ToArray());
        var unsigned = unsignedAttributes.ToList();
        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(X509Name.GetInstance(signer.IssuerName.RawData), new DerInteger(signer.SerialNumberBytes.ToArray()))),
            SignatureAlgorithms.DigestAlgorithm(digest),
            signedSet,
            SignatureAlgorithms.SignatureAlgorithm(scheme, digest),
            new DerOctetString(signature),
            unsigned.Count > 0 ? ToAttributeSet(unsigned) : null);
        // BouncyCastle computes the version (RFC 5652 §5.1): 3 when eContentType is not id-data, else 1.
        var signedData = new BcSignedData(
            new DerSet(SignatureAlgorithms.DigestAlgorithm(digest)),
            new BcContentInfo(new DerObjectIdentifier(contentType), encapsulatedContent is null ? null : new DerOctetString(encapsulatedContent)),
            certificateSet,
            null,
            new DerSet(signerInfo));
        return new BcContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>The signed attributes exactly as signed: they must already be DER, or the signature would not cover what is sent.</summary>
    private static Asn1Set ReadSignedAttributes(byte[] signedAttributes)
    {
        Asn1Set set;
        try
        {
            set = Asn1Set.GetInstance(Asn1Object.FromByteArray(signedAttributes));
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            throw new ArgumentException("Signed attributes must be a DER SET OF.", nameof(signedAttributes), e);
        }
        if (!set.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(signedAttributes))
        {
            throw new ArgumentException("Signed attributes must be a DER SET OF.", nameof(signedAttributes));
        }
        return set;
    }

    private static DerSet ToAttributeSet(IEnumerable<(string Oid, Asn1Encodable Value)> attributes) =>
        new(attributes.Select(a => (Asn1Encodable)new BcAttribute(new DerObjectIdentifier(a.Oid), new DerSet(a.Value))).ToArray());
}
