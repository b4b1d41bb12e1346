using System.Formats.Asn1;
using System.Numerics;

namespace DocExchange.Signing.Cms;

/// <summary>A parsed CMS SignedData (RFC 5652 §5) with its first signer; read leniently (BER).</summary>
public sealed class CmsSignedData
{
    private CmsSignedData()
    {
    }

    public string ContentType { get; private set; } = "";

    /// <summary>The encapsulated content, absent for detached signatures.</summary>
    public byte[]? Content { get; private set; }

    /// <summary>The certificates the signed data carries: instances shared across the process; do not dispose them.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; private set; } = [];

    public int SignerCount { get; private set; }

    public CmsSignerInfo Signer { get; private set; } = null!;

    /// <summary>Bytes after the CMS (for PDF /Contents: zero padding).</summary>
    public int TrailingNonZeroBytes { get; private set; }

    /// <summary>Parses a ContentInfo holding SignedData; throws <see cref="CryptographicException"/> when malformed.</summary>
    public static CmsSignedData Decode(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            return DecodeCore(encoded);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException($"Malformed CMS: {e.Message}", e);
        }
    }

    private static CmsSignedData DecodeCore(ReadOnlyMemory<byte> encoded)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.BER);
        var contentInfoEncoded = outer.ReadEncodedValue();
        var trailing = encoded[contentInfoEncoded.Length..].Span;
        var result = new CmsSignedData { TrailingNonZeroBytes = trailing.Length - CountZeros(trailing) };

        var contentInfo = new AsnReader(contentInfoEncoded, AsnEncodingRules.BER).ReadSequence();
        if (contentInfo.ReadObjectIdentifier() != Oids.SignedData)
        {
            throw new CryptographicException("The CMS is not SignedData.");
        }
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf(skipSortOrderValidation: true);
        var encapsulated = signedData.ReadSequence();
        result.ContentType = encapsulated.ReadObjectIdentifier();
        if (encapsulated.HasData)
        {
            var explicitContent = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            result.Content = explicitContent.ReadOctetString();
        }
        var certificates = new List<X509Certificate2>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var set = signedData.ReadSetOf(true, new Asn1Tag(TagClass.ContextSpecific, 0));
            while (set.HasData)
            {
                var tag = set.PeekTag();
                var raw = set.ReadEncodedValue();
                if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    try
                    {
                        certificates.Add(SharedCertificates.Load(raw.Span));
                    }
                    catch (CryptographicException)
                    {
                        // An unreadable certificate cannot be the signer's; ignore it.
                    }
                }
            }
        }
        result.Certificates = certificates;
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            signedData.ReadEncodedValue(); // crls: not used here
        }
        var signerInfos = signedData.ReadSetOf(skipSortOrderValidation: true);
        var signers = new List<CmsSignerInfo>();
        while (signerInfos.HasData)
        {
            signers.Add(CmsSignerInfo.Read(signerInfos.ReadSequence()));
        }
        if (signers.Count == 0)
        {
            throw new CryptographicException("The CMS has no signer.");
        }
        result.SignerCount = signers.Count;
        result.Signer = signers[0];
        return result;
    }

    private static int CountZeros(ReadOnlySpan<byte> bytes)
    {
        var zeros = 0;
        foreach (var b in bytes)
        {
            if (b == 0)
            {
                zeros++;
            }
        }
        return zeros;
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

/// <summary>One SignerInfo (RFC 5652 §5.3).</summary>
public sealed class CmsSignerInfo
{
    private CmsSignerInfo()
    {
    }

    public byte[]? IssuerName { get; private set; }

    public BigInteger? SerialNumber { get; private set; }

    public byte[]? SubjectKeyIdentifier { get; private set; }

    public string DigestAlgorithmOid { get; private set; } = "";

    /// <summary>The signed attributes re-encoded with the SET OF tag, as the signature covers them; null when absent.</summary>
    public byte[]? SignedAttributesForVerification { get; private set; }

    public IReadOnlyList<(string Oid, IReadOnlyList<ReadOnlyMemory<byte>> Values)> SignedAttributes { get; private set; } = [];

    public IReadOnlyList<(string Oid, IReadOnlyList<ReadOnlyMemory<byte>> Values)> UnsignedAttributes { get; private set; } = [];

    public string SignatureAlgorithmOid { get; private set; } = "";

    public ReadOnlyMemory<byte>? SignatureAlgorithmParameters { get; private set; }

    public byte[] Signature { get; private set; } = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> GetSignedAttribute(string oid) =>
        SignedAttributes.Where(a => a.Oid == oid).SelectMany(a => a.Values).ToList();

    public IReadOnlyList<ReadOnlyMemory<byte>> GetUnsignedAttribute(string oid) =>
        UnsignedAttributes.Where(a => a.Oid == oid).SelectMany(a => a.Values).ToList();

    public bool Identifies(X509Certificate2 certificate)
    {
        if (IssuerName is not null && SerialNumber is not null)
        {
            return certificate.IssuerName.RawData.AsSpan().SequenceEqual(IssuerName)
                && new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true) == SerialNumber;
        }
        if (SubjectKeyIdentifier is not null)
        {
            var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            return ski?.SubjectKeyIdentifierBytes.Span.SequenceEqual(SubjectKeyIdentifier) == true;
        }
        return false;
    }

    internal static CmsSignerInfo Read(AsnReader reader)
    {
        var info = new CmsSignerInfo();
        reader.ReadInteger();
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = reader.ReadSequence();
            info.IssuerName = issuerAndSerial.ReadEncodedValue().ToArray();
            info.SerialNumber = issuerAndSerial.ReadInteger();
        }
        else
        {
            info.SubjectKeyIdentifier = reader.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
        }
        info.DigestAlgorithmOid = reader.ReadSequence().ReadObjectIdentifier();
        if (reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var raw = reader.ReadEncodedValue().ToArray();
            var forVerification = (byte[])raw.Clone();
            forVerification[0] = 0x31; // RFC 5652 §5.4: the signature covers the explicit SET OF encoding
            info.SignedAttributesForVerification = forVerification;
            info.SignedAttributes = ReadAttributes(new AsnReader(forVerification, AsnEncodingRules.BER).ReadSetOf(skipSortOrderValidation: true));
        }
        var signatureAlgorithm = reader.ReadSequence();
        info.SignatureAlgorithmOid = signatureAlgorithm.ReadObjectIdentifier();
        if (signatureAlgorithm.HasData)
        {
            info.SignatureAlgorithmParameters = signatureAlgorithm.ReadEncodedValue();
        }
        info.Signature = reader.ReadOctetString();
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            info.UnsignedAttributes = ReadAttributes(reader.ReadSetOf(true, new Asn1Tag(TagClass.ContextSpecific, 1)));
        }
        return info;
    }

    private static List<(string, IReadOnlyList<ReadOnlyMemory<byte>>)> ReadAttributes(AsnReader set)
    {
        var result = new List<(string, IReadOnlyList<ReadOnlyMemory<byte>>)>();
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            var values = new List<ReadOnlyMemory<byte>>();
            var valueSet = attribute.ReadSetOf(skipSortOrderValidation: true);
            while (valueSet.HasData)
            {
                values.Add(valueSet.ReadEncodedValue());
            }
            result.Add((oid, values));
        }
        return result;
    }
}
