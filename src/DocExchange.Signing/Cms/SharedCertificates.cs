using System.Collections.Concurrent;

namespace DocExchange.Signing.Cms;

/// <summary>
/// Certificates read from signatures, time-stamp tokens and document security stores, one shared instance per
/// encoding: a server validates thousands of documents signed by the same few certificates, and on OpenSSL 3 each
/// load (and each key decoded from it) costs more than the rest of a small document's validation. Shared instances are
/// read-only and must not be disposed by their users (the public members that hand them out say so). Bounded in count
/// and in size per certificate, so a flood of distinct certificates empties it instead of growing it.
/// </summary>
internal static class SharedCertificates
{
    private const int MaxEntries = 1024;
    // Real certificates are one or two KiB; a larger one (a hostile PDF's, say) is loaded each time, not kept.
    private const int MaxCachedBytes = 16 * 1024;
    private static readonly ConcurrentDictionary<string, X509Certificate2> Loaded = new(StringComparer.Ordinal);

    /// <exception cref="CryptographicException">The bytes are not a certificate.</exception>
    public static X509Certificate2 Load(ReadOnlySpan<byte> der)
    {
        if (der.Length > MaxCachedBytes)
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        var key = Convert.ToHexString(SHA256.HashData(der));
        if (Loaded.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var certificate = X509CertificateLoader.LoadCertificate(der);
        if (Loaded.Count >= MaxEntries)
        {
            // Dropped, not disposed: validations in flight may still hold them.
            Loaded.Clear();
        }
        return Loaded.GetOrAdd(key, certificate);
    }
}
