using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Server.Configuration;
using DocExchange.Server.Security;

namespace DocExchange.Server.Hosting;

/// <summary>Loads the TLS material named in the configuration, failing with a message that says which setting to fix.</summary>
internal static class ServerCertificates
{
    public static X509Certificate2 LoadServerCertificate(DocExchangeOptions.TlsOptions tls)
    {
        var path = RequireFile(tls.CertificatePath, "DocExchange:Tls:CertificatePath (DOCEXCHANGE__Tls__CertificatePath)");
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey
                ? certificate
                : throw new StartupException($"the server certificate {path} holds no private key");
        }
        catch (CryptographicException e)
        {
            throw new StartupException(
                $"cannot read the server certificate {path}: check that it is PKCS#12 and that DOCEXCHANGE__Tls__CertificatePassword is right", e);
        }
    }

    public static DeploymentClientCas LoadDeploymentClientCas(DocExchangeOptions.TlsOptions tls)
    {
        var path = RequireFile(tls.ClientCaPath, "DocExchange:Tls:ClientCaPath (DOCEXCHANGE__Tls__ClientCaPath)");
        try
        {
            return DeploymentClientCas.FromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new StartupException($"cannot read the client CA certificates in {path}: expected PEM certificates", e);
        }
    }

    private static string RequireFile(string configured, string setting)
    {
        var path = Path.GetFullPath(configured);
        return File.Exists(path) ? path : throw new StartupException($"{path} does not exist: set {setting}");
    }
}
