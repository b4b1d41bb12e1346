using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Security;

/// <summary>Builds a client certificate's path to one of a given set of CA certificates, as of a given time.</summary>
internal static class ClientCertificateChains
{
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// The purposes <paramref name="certificate"/>'s extended key usage names when TLS client authentication is not
    /// among them; null when it is, or when the certificate has no extended key usage (any purpose, RFC 5280 §4.2.1.12).
    /// </summary>
    public static IReadOnlyList<Oid>? PurposesWithoutClientAuthentication(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage)
        {
            return null;
        }

        var purposes = ExtendedKeyUsages.Of(usage);
        return purposes.Any(p => p.Value == ClientAuthenticationOid) ? null : purposes;
    }

    /// <summary>"Server Authentication (1.3.6.1.5.5.7.3.1), …" for a message.</summary>
    public static string Describe(IEnumerable<Oid> purposes) =>
        string.Join(", ", purposes.Select(p => string.IsNullOrEmpty(p.FriendlyName) || p.FriendlyName == p.Value ? p.Value : $"{p.FriendlyName} ({p.Value})"));

    /// <summary>
    /// The path from <paramref name="certificate"/> (first) to one of <paramref name="anchors"/> (last), when every
    /// certificate on it is valid at <paramref name="now"/> and the path allows client authentication (RFC 5280 §4.2.1.12).
    /// </summary>
    public static bool TryBuild(X509Certificate2 certificate, X509Certificate2Collection anchors, DateTimeOffset now, out IReadOnlyList<X509Certificate2> path)
    {
        path = [];
        if (anchors.Count == 0)
        {
            return false;
        }

        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationTime = now.UtcDateTime,
        };
        policy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        // An anchor may be an agency's intermediate CA under a national root (docs/SECURITY.md, "Client certificate trust").
        var built = AnchoredPath.Build(certificate, anchors, policy);
        if (built.Problems != X509ChainStatusFlags.NoError)
        {
            return false;
        }

        path = built.Path;
        return true;
    }
}
