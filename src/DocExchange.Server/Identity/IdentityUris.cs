using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;

namespace DocExchange.Server.Identity;

/// <summary>
/// Reads the identity a certificate binds: a SAN URI <c>urn:docexchange:agency:&lt;code&gt;</c> for an agency
/// system, or <c>urn:docexchange:role:operator|auditor</c> for the roles (docs/SECURITY.md, "Actors").
/// The same text is the value of the development header.
/// </summary>
public static class IdentityUris
{
    public const string AgencyPrefix = "urn:docexchange:agency:";
    public const string RolePrefix = "urn:docexchange:role:";

    public static CallerIdentity? FromCertificate(X509Certificate2 certificate)
    {
        var thumbprint = certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return null;
        }

        foreach (var uri in EnumerateUris(san))
        {
            if (TryParse(uri, thumbprint, out var identity))
            {
                return identity;
            }
        }

        return null;
    }

    /// <summary>Parses "urn:docexchange:agency:000.00.00.G22", "urn:docexchange:role:operator", or the short forms
    /// "agency:000.00.00.G22", "operator" and "auditor" used by the development header.</summary>
    public static bool TryParse(string text, byte[] certificateSha256, out CallerIdentity? identity)
    {
        identity = null;
        var value = text.Trim();
        if (value.StartsWith(AgencyPrefix, StringComparison.Ordinal))
        {
            value = "agency:" + value[AgencyPrefix.Length..];
        }
        else if (value.StartsWith(RolePrefix, StringComparison.Ordinal))
        {
            value = value[RolePrefix.Length..];
        }

        if (value.StartsWith("agency:", StringComparison.Ordinal))
        {
            if (!AgencyCode.TryParse(value["agency:".Length..], out var code, out _))
            {
                return false;
            }

            identity = CallerIdentity.ForAgency(code, certificateSha256);
            return true;
        }

        identity = value switch
        {
            "operator" => new CallerIdentity(CallerRole.Operator, null, certificateSha256),
            "auditor" => new CallerIdentity(CallerRole.Auditor, null, certificateSha256),
            _ => null,
        };
        return identity is not null;
    }

    private static IEnumerable<string> EnumerateUris(X509SubjectAlternativeNameExtension san)
    {
        // .NET exposes DNS names and IP addresses only; URIs are read from the raw GeneralNames (RFC 5280 §4.2.1.6).
        var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        var uriTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag == uriTag)
            {
                yield return names.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uriTag);
            }
            else
            {
                names.ReadEncodedValue();
            }
        }
    }
}
