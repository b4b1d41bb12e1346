using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;

namespace DocExchange.Server.Signing;

/// <summary>
/// Seal keys in a directory, encrypted at rest: <c>&lt;code&gt;.p12</c> / <c>&lt;code&gt;.pfx</c> (PKCS #12), or
/// <c>&lt;code&gt;.key.pem</c> (ENCRYPTED PRIVATE KEY, PKCS #8) beside <c>&lt;code&gt;.crt</c>. A key is used only when its
/// certificate binds the same agency code (SAN URI urn:docexchange:agency:&lt;code&gt;).
/// </summary>
public sealed class FileSealKeyStore(string directory, string? password) : ISealKeyStore
{
    private readonly ConcurrentDictionary<string, Lazy<IPadesSigner?>> _seals = new(StringComparer.Ordinal);

    public Task<IPadesSigner?> FindSealAsync(AgencyCode agency, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var seal = _seals.GetOrAdd(agency.Value, code => new Lazy<IPadesSigner?>(() => Load(code), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return Task.FromResult(seal.Value);
        }
        catch (SealKeyStoreException)
        {
            // An operator may fix the file without a restart. Only this failed entry goes: a concurrent call may already
            // have replaced it with a good one.
            _seals.TryRemove(KeyValuePair.Create(agency.Value, seal));
            throw;
        }
    }

    private IPadesSigner? Load(string code)
    {
        var pkcs12 = new[] { ".p12", ".pfx" }.Select(e => Path.Combine(directory, code + e)).FirstOrDefault(File.Exists);
        var pemKey = Path.Combine(directory, code + ".key.pem");
        if (pkcs12 is null && !File.Exists(pemKey))
        {
            return null;
        }
        if (string.IsNullOrEmpty(password))
        {
            throw new SealKeyStoreException(
                "The seal keystore password is not configured: set DocExchange:Signing:KeystorePassword (environment DOCEXCHANGE__Signing__KeystorePassword).");
        }
        X509Certificate2 certificate;
        List<X509Certificate2> chain;
        try
        {
            if (pkcs12 is not null)
            {
                var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
                certificate = collection.FirstOrDefault(c => c.HasPrivateKey)
                    ?? throw new SealKeyStoreException($"The seal file {pkcs12} holds no private key.");
                chain = collection.Where(c => !ReferenceEquals(c, certificate)).ToList();
            }
            else
            {
                var certificatePath = Path.Combine(directory, code + ".crt");
                if (!File.ReadAllText(pemKey).Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
                {
                    throw new SealKeyStoreException($"The seal key {pemKey} is not encrypted: store it as an ENCRYPTED PRIVATE KEY (PKCS #8) or a PKCS #12 file.");
                }
                certificate = X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, pemKey);
                chain = [];
            }
        }
        catch (CryptographicException e)
        {
            throw new SealKeyStoreException($"The seal key of agency {code} cannot be opened (wrong keystore password or damaged file): {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SealKeyStoreException($"The seal key of agency {code} cannot be read: {e.Message}", e);
        }
        var bound = AgencyCertificateIdentity.FindAgencyCode(certificate);
        if (!string.Equals(bound, code, StringComparison.Ordinal))
        {
            throw new SealKeyStoreException(
                $"The seal certificate in the keystore file of agency {code} binds {(bound is null ? "no agency code" : "agency " + bound)}; it is not used.");
        }
        return new CertificateSigner(certificate, chain);
    }
}
