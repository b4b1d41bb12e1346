using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Signing.Pki;

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
        foreach (var uri in AgencyCertificateIdentity.GetSubjectAlternativeUris(certificate))
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
}
