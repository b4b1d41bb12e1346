namespace DocExchange.Signing.Validation;

/// <summary>A certificate's path as far as it goes (leaf first; the anchor last when it reached one), and what is wrong with it.</summary>
/// <param name="Statuses">One per problem, none when the path is anchored and sound.</param>
public sealed record AnchoredPathResult(IReadOnlyList<X509Certificate2> Path, IReadOnlyList<X509ChainStatus> Statuses)
{
    public X509ChainStatusFlags Problems => Statuses.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);

    /// <summary>The reasons for <paramref name="flags"/>, for a message.</summary>
    public string Describe(X509ChainStatusFlags flags) =>
        string.Join("; ", Statuses.Where(s => (s.Status & flags) != 0).Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
}

/// <summary>
/// Builds a certificate's path to one of a set of trust anchors, each a self-signed root or an intermediate CA
/// (RFC 5280 §6.1.1(d): a trust anchor is any CA certificate the relying party trusts). X509Chain on Linux (OpenSSL)
/// takes only the self-signed certificates of its CustomTrustStore as anchors and uses the others as intermediates,
/// so a path through an intermediate anchor comes back partial or ending at an untrusted root. Here the path is cut
/// at the first certificate on it that is byte for byte one of the anchors, and judged by the status of the
/// certificates up to it; OpenSSL has verified the signature of each of their links (only the top of a chain goes unchecked).
/// </summary>
public static class AnchoredPath
{
    private const X509ChainStatusFlags TopUntrusted = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot;

    /// <param name="policy">Times, usages, extra certificates and flags; its trust mode and trust store are set here.</param>
    public static AnchoredPathResult Build(X509Certificate2 certificate, IEnumerable<X509Certificate2> anchors, X509ChainPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(policy);
        var trusted = anchors.ToArray();
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trusted);
        using var chain = new X509Chain { ChainPolicy = policy };
        chain.Build(certificate);
        var elements = chain.ChainElements.ToList();
        var anchorAt = elements.FindIndex(e => trusted.Any(a => a.RawData.AsSpan().SequenceEqual(e.Certificate.RawData)));
        if (anchorAt < 0)
        {
            var statuses = chain.ChainStatus.ToList();
            if (!statuses.Any(s => (s.Status & TopUntrusted) != 0))
            {
                statuses.Add(new X509ChainStatus { Status = X509ChainStatusFlags.PartialChain, StatusInformation = "the path reaches no trust anchor" });
            }

            return new AnchoredPathResult(elements.Select(e => e.Certificate).ToList(), statuses);
        }

        var kept = elements.Take(anchorAt + 1).ToList();
        var problems = kept.SelectMany(e => e.ChainElementStatus)
            .Where(s => (s.Status & ~TopUntrusted) != 0)
            .DistinctBy(s => s.Status)
            .ToList();
        return new AnchoredPathResult(kept.Select(e => e.Certificate).ToList(), problems);
    }
}
