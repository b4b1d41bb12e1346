using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using BcCmsSignedData = Org.BouncyCastle.Cms.CmsSignedData;
using BcSignerInformation = Org.BouncyCastle.Cms.SignerInformation;

namespace DocExchange.Signing.Cms;

/// <summary>A CMS SignedData (RFC 5652 §5) decoded by BouncyCastle, with its first signer; BER is accepted.</summary>
public sealed class CmsSignedData
{
    private CmsSignedData(string contentType, byte[]? content, IReadOnlyList<X509Certificate2> certificates, int signerCount, CmsSignerInfo signer)
    {
        ContentType = contentType;
        Content = content;
        Certificates = certificates;
        SignerCount = signerCount;
        Signer = signer;
    }

    public string ContentType { get; }

    /// <summary>The encapsulated content, absent for detached signatures.</summary>
    public byte[]? Content { get; }

    /// <summary>The certificates the signed data carries: instances shared across the process; do not dispose them.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public int SignerCount { get; }

    public CmsSignerInfo Signer { get; }

    /// <summary>Decodes a ContentInfo holding SignedData; throws <see cref="CryptographicException"/> when malformed.</summary>
    public static CmsSignedData Decode(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            // Only the first object is read: a PDF's /Contents pads the CMS with zeros.
            var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(encoded, out var segment) ? segment : new ArraySegment<byte>(encoded.ToArray());
            using var input = new Asn1InputStream(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), bytes.Count);
            return Decode(input.ReadObject());
        }
        catch (Exception e) when (IsMalformedInput(e))
        {
            throw new CryptographicException($"Malformed CMS: {e.Message}", e);
        }
    }

    /// <summary>Decodes a ContentInfo already parsed (an attribute value, say); throws <see cref="CryptographicException"/> when malformed.</summary>
    internal static CmsSignedData Decode(Asn1Encodable contentInfo)
    {
        try
        {
            // Everything is read here, so a malformed part fails now and not later in a caller.
            var decoded = new BcCmsSignedData(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(contentInfo));
            var signers = decoded.GetSignerInfos().GetSigners();
            if (signers.Count == 0)
            {
                throw new CryptographicException("The CMS has no signer.");
            }
            var content = decoded.SignedData.EncapContentInfo.Content is { } present ? Asn1OctetString.GetInstance(present).GetOctets() : null;
            return new CmsSignedData(decoded.SignedContentType.Id, content, ReadCertificates(decoded.SignedData.Certificates), signers.Count, new CmsSignerInfo(signers.First()));
        }
        catch (Exception e) when (IsMalformedInput(e))
        {
            throw new CryptographicException($"Malformed CMS: {e.Message}", e);
        }
    }

    /// <summary>What BouncyCastle throws for a malformed or unexpected structure (it has no single exception type for it).</summary>
    internal static bool IsMalformedInput(Exception e) => e is not (CryptographicException or OutOfMemoryException or OperationCanceledException);

    private static List<X509Certificate2> ReadCertificates(Asn1Set? set)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var element in set ?? DerSet.Empty)
        {
            // Only X.509 certificates (a SEQUENCE); the other CertificateChoices cannot be the signer's.
            if (element.ToAsn1Object() is not Asn1Sequence sequence)
            {
                continue;
            }
            try
            {
                certificates.Add(SharedCertificates.Load(sequence.GetEncoded(Asn1Encodable.DL)));
            }
            catch (CryptographicException)
            {
                // An unreadable certificate cannot be the signer's; ignore it.
            }
        }
        return certificates;
    }

    /// <summary>The certificate the signer identifier names, among the CMS's and the extra ones.</summary>
    public X509Certificate2? FindSignerCertificate(IEnumerable<X509Certificate2>? extra = null)
    {
        foreach (var certificate in Certificates.Concat(extra ?? []))
        {
            if (Signer.Identifies(certificate))
            {
                return certificate;
            }
        }
        return null;
    }
}

/// <summary>One SignerInfo (RFC 5652 §5.3), read from BouncyCastle's <see cref="BcSignerInformation"/>.</summary>
public sealed class CmsSignerInfo
{
    private readonly byte[]? _issuer;
    private readonly Org.BouncyCastle.Math.BigInteger? _serialNumber;
    private readonly byte[]? _subjectKeyIdentifier;
    private readonly IReadOnlyList<Org.BouncyCastle.Asn1.Cms.Attribute> _signedAttributes;
    private readonly IReadOnlyList<Org.BouncyCastle.Asn1.Cms.Attribute> _unsignedAttributes;

    internal CmsSignerInfo(BcSignerInformation signer)
    {
        var info = signer.SignerInfo;
        if (info.SignerID.ID is Asn1OctetString ski)
        {
            _subjectKeyIdentifier = ski.GetOctets();
        }
        else
        {
            var issuerAndSerial = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber.GetInstance(info.SignerID.ID);
            _issuer = issuerAndSerial.Issuer.GetEncoded(Asn1Encodable.Der);
            _serialNumber = issuerAndSerial.SerialNumber.Value;
        }
        DigestAlgorithmOid = signer.DigestAlgorithmID.Algorithm.Id;
        // RFC 5652 §5.4: the signature covers the SET OF encoding of the attributes, in the order they were sent.
        SignedAttributesForVerification = info.SignedAttrs?.GetEncoded(Asn1Encodable.DL);
        _signedAttributes = ReadAttributes(info.SignedAttrs);
        _unsignedAttributes = ReadAttributes(info.UnsignedAttrs);
        SignatureAlgorithm = info.SignatureAlgorithm;
        Signature = signer.GetSignature();
    }

    public string DigestAlgorithmOid { get; }

    /// <summary>The signed attributes with the SET OF tag, as the signature covers them; null when absent.</summary>
    public byte[]? SignedAttributesForVerification { get; }

    public string SignatureAlgorithmOid => SignatureAlgorithm.Algorithm.Id;

    internal AlgorithmIdentifier SignatureAlgorithm { get; }

    public byte[] Signature { get; }

    internal IReadOnlyList<Asn1Encodable> GetSignedAttribute(string oid) => Values(_signedAttributes, oid);

    internal IReadOnlyList<Asn1Encodable> GetUnsignedAttribute(string oid) => Values(_unsignedAttributes, oid);

    public bool Identifies(X509Certificate2 certificate)
    {
        if (_issuer is not null && _serialNumber is not null)
        {
            return certificate.IssuerName.RawData.AsSpan().SequenceEqual(_issuer)
                && new Org.BouncyCastle.Math.BigInteger(certificate.SerialNumberBytes.ToArray()).Equals(_serialNumber);
        }
        if (_subjectKeyIdentifier is not null)
        {
            var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            return ski?.SubjectKeyIdentifierBytes.Span.SequenceEqual(_subjectKeyIdentifier) == true;
        }
        return false;
    }

    private static List<Org.BouncyCastle.Asn1.Cms.Attribute> ReadAttributes(Asn1Set? set) =>
        set is null ? [] : [.. set.Cast<Asn1Encodable>().Select(Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance)];

    private static List<Asn1Encodable> Values(IReadOnlyList<Org.BouncyCastle.Asn1.Cms.Attribute> attributes, string oid) =>
        [.. attributes.Where(a => a.AttrType.Id == oid).SelectMany(a => a.AttrValues.Cast<Asn1Encodable>())];
}
