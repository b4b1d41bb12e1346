using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Security;

/// <summary>Builds a client certificate's path to one of a given set of CA certificates, as of a given time.</summary>
internal static class ClientCertificateChains
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

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
