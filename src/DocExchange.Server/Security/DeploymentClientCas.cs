using System.Security.Cryptography.X509Certificates;

namespace DocExchange.Server.Security;

/// <summary>
/// The CA certificates of DocExchange:Tls:ClientCaPath: the deployment-wide anchor of operator and auditor
/// certificates, and the bootstrap anchor of agencies the registry trusts no CA for yet (docs/SECURITY.md, "Client
/// certificate trust").
/// </summary>
public sealed class DeploymentClientCas(X509Certificate2Collection certificates)
{
    public static DeploymentClientCas FromPemFile(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return new DeploymentClientCas(certificates);
    }

    /// <summary>No TLS endpoint: no client certificates, nothing trusted.</summary>
    public static DeploymentClientCas None { get; } = new([]);

    public X509Certificate2Collection Certificates { get; } = certificates;
}
