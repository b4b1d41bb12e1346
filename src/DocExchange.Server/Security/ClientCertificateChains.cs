using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        if (!chain.Build(certificate))
        {
            return false;
        }

        path = chain.ChainElements.Select(e => e.Certificate).ToList();
        return true;
    }
}
