using System.Formats.Asn1;

namespace DocExchange.Signing.Cms;

/// <summary>Writes CMS SignedData (RFC 5652 §5) with one signer identified by issuer and serial number.</summary>
internal static class CmsSignedDataWriter
{
    /// <summary>Signed attributes as the DER SET OF that the signature covers (RFC 5652 §5.4).</summary>
    public static byte[] EncodeSignedAttributes(IEnumerable<(string Oid, byte[] Value)> attributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteAttributes(writer, attributes, null);
        return writer.Encode();
    }

    public static byte[] Write(
        HashAlgorithmName digest,
        string contentType,
        byte[]? encapsulatedContent,
        X509Certificate2 signer,
        IEnumerable<X509Certificate2> certificates,
        byte[] signedAttributes,
        PadesSignatureScheme scheme,
        byte[] signature,
        IEnumerable<(string Oid, byte[] Value)> unsignedAttributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                using (writer.PushSequence())
                {
                    // RFC 5652 §5.1: version 3 when eContentType is not id-data.
                    writer.WriteInteger(contentType == Oids.Data ? 1 : 3);
                    using (writer.PushSetOf())
                    {
                        SignatureAlgorithms.WriteDigestAlgorithm(writer, digest);
                    }
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(contentType);
                        if (encapsulatedContent is not null)
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                            {
                                writer.WriteOctetString(encapsulatedContent);
                            }
                        }
                    }
                    using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        var seen = new HashSet<string>();
                        foreach (var certificate in certificates.Prepend(signer))
                        {
                            if (seen.Add(certificate.Thumbprint))
                            {
                                writer.WriteEncodedValue(certificate.RawData);
                            }
                        }
                    }
                    using (writer.PushSetOf())
                    {
                        WriteSignerInfo(writer, digest, signer, signedAttributes, scheme, signature, unsignedAttributes.ToList());
                    }
                }
            }
        }
        return writer.Encode();
    }

    private static void WriteSignerInfo(AsnWriter writer, HashAlgorithmName digest, X509Certificate2 signer, byte[] signedAttributes, PadesSignatureScheme scheme, byte[] signature, List<(string Oid, byte[] Value)> unsignedAttributes)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(signer.IssuerName.RawData);
                writer.WriteInteger(signer.SerialNumberBytes.Span);
            }
            SignatureAlgorithms.WriteDigestAlgorithm(writer, digest);
            // The signed attributes exactly as signed, re-tagged [0] IMPLICIT.
            var tagged = (byte[])signedAttributes.Clone();
            if (tagged.Length == 0 || tagged[0] != 0x31)
            {
                throw new ArgumentException("Signed attributes must be a DER SET OF.", nameof(signedAttributes));
            }
            tagged[0] = 0xA0;
            writer.WriteEncodedValue(tagged);
            SignatureAlgorithms.WriteSignatureAlgorithm(writer, scheme, digest);
            writer.WriteOctetString(signature);
            if (unsignedAttributes.Count > 0)
            {
                WriteAttributes(writer, unsignedAttributes, new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
            }
        }
    }

    private static void WriteAttributes(AsnWriter writer, IEnumerable<(string Oid, byte[] Value)> attributes, Asn1Tag? tag)
    {
        using (writer.PushSetOf(tag))
        {
            foreach (var (oid, value) in attributes)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    using (writer.PushSetOf())
                    {
                        writer.WriteEncodedValue(value);
                    }
                }
            }
        }
    }

    public static byte[] EncodeOid(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    public static byte[] EncodeOctetString(ReadOnlySpan<byte> value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(value);
        return writer.Encode();
    }
}
