using System.Collections.Concurrent;
using BcCrl = Org.BouncyCastle.X509.X509Crl;
using BcCrlParser = Org.BouncyCastle.X509.X509CrlParser;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;
using BcKey = Org.BouncyCastle.Crypto.AsymmetricKeyParameter;

namespace DocExchange.Signing.Validation;

/// <summary>
/// The CRLs a server checks against are the same few for thousands of validations: each is parsed once, its issuer's
/// key read once, and its signature verified once per issuer key, instead of on every validation (a P-256
/// verification in BouncyCastle costs more than the rest of a small document's validation). Every result is a pure
/// function of the bytes it is keyed by; failures are not kept.
/// </summary>
internal static class CrlCache
{
    // Bounded in count and in bytes: a flood of distinct or huge CRLs (embedded in hostile PDFs, say) empties the
    // cache rather than growing it, and a CRL larger than a quarter of the budget is parsed each time, not kept.
    private const int MaxEntries = 512;
    private const long MaxCachedBytes = 64L * 1024 * 1024;
    private static readonly ConcurrentDictionary<string, BcCrl> Parsed = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> Verified = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, BcKey> IssuerKeys = new(StringComparer.Ordinal);
    private static long s_parsedBytes;

    /// <summary>The CRL parsed from <paramref name="der"/>; <see cref="Key"/> identifies it for <see cref="HasValidSignature"/>.</summary>
    public static (BcCrl Crl, string Key) Parse(byte[] der)
    {
        var key = Convert.ToHexString(SHA256.HashData(der));
        if (Parsed.TryGetValue(key, out var cached))
        {
            return (cached, key);
        }
        var crl = new BcCrlParser().ReadCrl(der) ?? throw new FormatException("empty");
        if (der.Length <= MaxCachedBytes / 4)
        {
            if (Interlocked.Add(ref s_parsedBytes, der.Length) > MaxCachedBytes)
            {
                Parsed.Clear();
                Interlocked.Exchange(ref s_parsedBytes, der.Length);
            }
            Remember(Parsed, key, crl);
        }
        return (crl, key);
    }

    /// <summary>The public key of <paramref name="issuer"/>, read by BouncyCastle.</summary>
    /// <exception cref="Exception">BouncyCastle cannot read the certificate or its key.</exception>
    public static BcKey IssuerKey(X509Certificate2 issuer)
    {
        var key = Convert.ToHexString(SHA256.HashData(issuer.RawDataMemory.Span));
        if (IssuerKeys.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var parsed = new BcCertificateParser().ReadCertificate(issuer.RawData).GetPublicKey();
        Remember(IssuerKeys, key, parsed);
        return parsed;
    }

    /// <summary>Whether the CRL <paramref name="crlKey"/> is signed by <paramref name="issuerKey"/>, the key of <paramref name="issuer"/>.</summary>
    public static bool HasValidSignature(BcCrl crl, string crlKey, X509Certificate2 issuer, BcKey issuerKey)
    {
        var key = crlKey + ":" + Convert.ToHexString(SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo()));
        if (Verified.TryGetValue(key, out var valid))
        {
            return valid;
        }
        try
        {
            crl.Verify(issuerKey);
            valid = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            valid = false;
        }
        Remember(Verified, key, valid);
        return valid;
    }

    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
            if (ReferenceEquals(cache, Parsed))
            {
                Interlocked.Exchange(ref s_parsedBytes, 0);
            }
        }
        cache[key] = value;
    }
}
