using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Server.Hosting;
using DocExchange.Signing.Validation;
using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Security;

/// <summary>
/// Checks a connection's client certificate against the current CRLs of every <see cref="IRevocationSource"/>, on
/// every call: a TLS connection outlives a revocation, so the handshake's check is not enough. The CRL logic is the
/// signing library's <see cref="CrlSet"/>; verdicts are cached per certificate until the CRLs change.
/// </summary>
public sealed class ClientCertificateRevocation
{
    private const int MaxCachedVerdicts = 10_000;

    private readonly IRevocationSource[] _sources;
    private readonly ClientCertificateTrust _trust;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientCertificateRevocation> _logger;
    private readonly Lock _lock = new();
    private long[] _versions = [];
    private State? _state;

    public ClientCertificateRevocation(IEnumerable<IRevocationSource> sources, ClientCertificateTrust trust, TimeProvider time, ILogger<ClientCertificateRevocation> logger)
    {
        _sources = sources.ToArray();
        _trust = trust;
        _time = time;
        _logger = logger;
    }

    /// <summary>Null when <paramref name="certificate"/> is not revoked; otherwise why it is refused, for the caller.</summary>
    public string? FindRevocation(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_sources.Length == 0)
        {
            return null;
        }

        var state = CurrentState();
        if (state.Crls.Count == 0)
        {
            return null;
        }

        var key = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        if (state.Verdicts.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var verdict = Check(certificate, state.Crls);
        if (state.Verdicts.Count >= MaxCachedVerdicts)
        {
            state.Verdicts.Clear();
        }

        state.Verdicts[key] = verdict;
        return verdict;
    }

    private string? Check(X509Certificate2 certificate, CrlSet crls)
    {
        if (!_trust.TryBuildChain(certificate, out var chain))
        {
            return $"the client certificate '{certificate.Subject}' no longer chains to a trusted CA or is outside its validity period";
        }

        var now = _time.GetUtcNow();
        // Every certificate but the anchor, against its issuer's newest CRL issued by now, however old: a revocation
        // stays in force after the CRL that announced it passes its nextUpdate (RFC 5280 §5.3.1 leaves no way back
        // but certificateHold, which our CAs do not use).
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var status = crls.Check(chain[i], chain[i + 1], now, proofOfExistence: DateTimeOffset.MinValue);
            if (status is { Found: true, Revoked: true })
            {
                var what = i == 0 ? $"the client certificate '{certificate.Subject}' (serial {certificate.SerialNumber})" : $"its CA certificate '{chain[i].Subject}'";
                return $"{what} was revoked at {status.RevokedAt:u} by '{chain[i + 1].Subject}'";
            }
        }

        return null;
    }

    private State CurrentState()
    {
        var snapshots = _sources.Select(s => s.Current).ToArray();
        lock (_lock)
        {
            if (_state is not null && snapshots.Select(s => s.Version).SequenceEqual(_versions))
            {
                return _state;
            }

            var problems = new List<string>();
            _state = new State(new CrlSet(snapshots.SelectMany(s => s.Crls), problems));
            _versions = snapshots.Select(s => s.Version).ToArray();
            foreach (var problem in problems)
            {
                _logger.LogWarning("Client certificate revocation: {Problem}", problem);
            }

            return _state;
        }
    }

    /// <summary>A CRL set and the verdicts reached with it, replaced together.</summary>
    private sealed record State(CrlSet Crls)
    {
        public ConcurrentDictionary<string, string?> Verdicts { get; } = new(StringComparer.Ordinal);
    }
}
