using System.Collections.Concurrent;

namespace DocExchange.Signing.Validation;

/// <summary>
/// The outcome of building a certificate's path to its anchors (<see cref="AnchoredPath"/>: X509Chain with the trust
/// anchors and candidate certificates, signatures of each link, constraints), kept per inputs: on OpenSSL 3 a build costs about as much as the rest of a small document's
/// validation, and a server sees the same few signers' paths over and over. Validity times and revocation are checked
/// after the build, on every validation, so the cache holds nothing that changes with the clock except the candidate
/// choice OpenSSL makes by time, which the key keeps to the hour. Bounded: it empties rather than grows.
/// </summary>
internal static class ChainCache
{
    private const int MaxEntries = 1024;
    private static readonly ConcurrentDictionary<string, AnchoredPathResult> Paths = new(StringComparer.Ordinal);

    public static AnchoredPathResult Build(X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> anchors, IEnumerable<X509Certificate2> extra, DateTimeOffset validationTime)
    {
        var candidates = extra.ToArray();
        var key = Key(certificate, anchors, candidates, validationTime);
        if (Paths.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid,
            VerificationTime = validationTime.UtcDateTime,
        };
        policy.ExtraStore.AddRange(candidates);
        var built = AnchoredPath.Build(certificate, anchors, policy);
        if (Paths.Count >= MaxEntries)
        {
            Paths.Clear();
        }
        return Paths.GetOrAdd(key, built);
    }

    private static string Key(X509Certificate2 certificate, IEnumerable<X509Certificate2> anchors, IEnumerable<X509Certificate2> candidates, DateTimeOffset time)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(certificate.RawDataMemory.Span);
        foreach (var group in new[] { anchors, candidates })
        {
            hash.AppendData("|"u8);
            foreach (var digest in group.Select(c => SHA256.HashData(c.RawDataMemory.Span)).OrderBy(d => Convert.ToHexString(d), StringComparer.Ordinal))
            {
                hash.AppendData(digest);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset()) + time.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
    }
}
