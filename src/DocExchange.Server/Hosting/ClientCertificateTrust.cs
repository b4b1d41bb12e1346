using System.Security.Cryptography.X509Certificates;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Accepts a client certificate during the TLS handshake only when it chains to one of the configured CA
/// certificates, is valid now (not expired, not yet valid: checked against the current time on every handshake),
/// and allows client authentication. What identity it binds, and whether it has been revoked since, is read later,
/// per call (see Identity/ and Security/).
/// </summary>
public sealed class ClientCertificateTrust(X509Certificate2Collection trustedRoots, TimeProvider time)
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public static ClientCertificateTrust FromPemFile(string path, TimeProvider time)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        return new ClientCertificateTrust(roots, time);
    }

    public bool IsTrusted(X509Certificate2 certificate) => TryBuildChain(certificate, out _);

    /// <summary>The path from <paramref name="certificate"/> (first) to its trusted CA (last), when it is trusted now.</summary>
    public bool TryBuildChain(X509Certificate2 certificate, out IReadOnlyList<X509Certificate2> chainElements)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        var trusted = chain.Build(certificate);
        chainElements = trusted ? chain.ChainElements.Select(e => e.Certificate).ToList() : [];
        return trusted;
    }
}
