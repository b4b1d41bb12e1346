using DocExchange.Signing.Cms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

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
            foreach (var name in GeneralNames.GetInstance(extension.RawData).GetNames())
            {
                if (name.TagNo == GeneralName.UniformResourceIdentifier)
                {
                    result.Add(DerIA5String.GetInstance(name.Name).GetString());
                }
            }
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            // A malformed SAN binds no agency.
            result.Clear();
        }
        return result;
    }
}
