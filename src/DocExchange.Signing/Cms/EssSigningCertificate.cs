using System.Formats.Asn1;

namespace DocExchange.Signing.Cms;

/// <summary>ESS signing-certificate-v2 (RFC 5035) and v1 (RFC 2634 §5.4) attribute values.</summary>
internal static class EssSigningCertificate
{
    public static byte[] EncodeV2(X509Certificate2 certificate, HashAlgorithmName hash)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    if (hash != HashAlgorithmName.SHA256)
                    {
                        // DEFAULT id-sha256 is omitted in DER.
                        SignatureAlgorithms.WriteDigestAlgorithm(writer, hash);
                    }
                    writer.WriteOctetString(Hash(hash, certificate.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                            {
                                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }
                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }
        return writer.Encode();
    }

    /// <summary>The first certificate identifier of a v2 or v1 value: hash algorithm and hash.</summary>
    public static (HashAlgorithmName Hash, byte[] CertHash)? ReadFirst(ReadOnlyMemory<byte> value, bool v2)
    {
        try
        {
            var certs = new AsnReader(value, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            var id = certs.ReadSequence();
            var hash = HashAlgorithmName.SHA1;
            if (v2)
            {
                hash = HashAlgorithmName.SHA256;
                if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    var algorithm = id.ReadSequence();
                    var oid = algorithm.ReadObjectIdentifier();
                    hash = Oids.DigestFromOid(oid) ?? throw new AsnContentException($"Unknown hash {oid}");
                }
            }
            if (hash != HashAlgorithmName.SHA1 && hash != HashAlgorithmName.SHA256 && hash != HashAlgorithmName.SHA384 && hash != HashAlgorithmName.SHA512)
            {
                return null;
            }
            return (hash, id.ReadOctetString());
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data) => hash.Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA1" => SHA1.HashData(data),
        _ => throw new NotSupportedException($"Unsupported digest {hash.Name}."),
    };
}
