using System.Formats.Asn1;

namespace DocExchange.Signing.Pki;

/// <summary>How an agency code is bound in a certificate: a SAN URI <c>urn:docexchange:agency:&lt;code&gt;</c>.</summary>
public static class AgencyCertificateIdentity
{
    public const string UriPrefix = "urn:docexchange:agency:";

    public static Uri ToUri(string agencyCode) => new(UriPrefix + agencyCode, UriKind.Absolute);

    /// <summary>The agency code bound in the certificate's subject alternative names, or null.</summary>
    public static string? FindAgencyCode(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var uri in GetSubjectAlternativeUris(certificate))
        {
            if (uri.StartsWith(UriPrefix, StringComparison.OrdinalIgnoreCase) && uri.Length > UriPrefix.Length)
            {
                return uri[UriPrefix.Length..];
            }
        }
        return null;
    }

    /// <summary>The uniformResourceIdentifier entries of the SAN extension (RFC 5280 §4.2.1.6).</summary>
    public static IReadOnlyList<string> GetSubjectAlternativeUris(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var result = new List<string>();
        var extension = certificate.Extensions[Oids.SubjectAltName];
        if (extension is null)
        {
            return result;
        }
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(uriTag))
                {
                    result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN binds no agency.
        }
        return result;
    }
}
