using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Validation;
using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Security;

/// <summary>
/// Checks a client certificate's path against the CRLs of every configured <see cref="IRevocationSource"/> (the CRL
/// folder) and the CRLs the registry published for the agency it identifies. The CRL logic is the signing library's
/// <see cref="CrlSet"/>; the configured sources' CRLs are read into one set, replaced when any source changes.
/// </summary>
public sealed class ClientCertificateRevocation
{
    internal static readonly CrlSet NoCrls = new([], new List<string>());

    private readonly IRevocationSource[] _sources;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientCertificateRevocation> _logger;
    private readonly Lock _lock = new();
    private long[] _versions = [];
    private CrlSet _configured = NoCrls;

    public ClientCertificateRevocation(IEnumerable<IRevocationSource> sources, TimeProvider time, ILogger<ClientCertificateRevocation> logger)
    {
        _sources = sources.ToArray();
        _time = time;
        _logger = logger;
    }

    /// <summary>The configured sources' CRLs as of now; a new instance whenever they change, so verdicts reached with
    /// an older one can be told apart.</summary>
    public CrlSet ConfiguredCrls()
    {
        if (_sources.Length == 0)
        {
            return NoCrls;
        }

        var snapshots = _sources.Select(s => s.Current).ToArray();
        lock (_lock)
        {
            if (snapshots.Select(s => s.Version).SequenceEqual(_versions))
            {
                return _configured;
            }

            var problems = new List<string>();
            _configured = new CrlSet(snapshots.SelectMany(s => s.Crls), problems);
            _versions = snapshots.Select(s => s.Version).ToArray();
            foreach (var problem in problems)
            {
                _logger.LogWarning("Client certificate revocation: {Problem}", problem);
            }

            return _configured;
        }
    }

    /// <summary>
    /// Null when no certificate of <paramref name="path"/> (leaf first, anchor last) is revoked by <paramref name="crlSets"/>;
    /// otherwise why the leaf is refused, for the caller.
    /// </summary>
    public string? FindRevocation(IReadOnlyList<X509Certificate2> path, params CrlSet[] crlSets)
    {
        ArgumentNullException.ThrowIfNull(path);
        var now = _time.GetUtcNow();
        // Every certificate but the anchor, against its issuer's newest CRL issued by now, however old: a revocation
        // stays in force after the CRL that announced it passes its nextUpdate (RFC 5280 §5.3.1 leaves no way back
        // but certificateHold, which our CAs do not use).
        for (var i = 0; i < path.Count - 1; i++)
        {
            foreach (var crls in crlSets)
            {
                if (crls.Count == 0)
                {
                    continue;
                }

                var status = crls.Check(path[i], path[i + 1], now, proofOfExistence: DateTimeOffset.MinValue);
                if (status is { Found: true, Revoked: true })
                {
                    var what = i == 0 ? $"the client certificate '{path[0].Subject}' (serial {path[0].SerialNumber})" : $"its CA certificate '{path[i].Subject}'";
                    return $"{what} was revoked at {status.RevokedAt:u} by '{path[i + 1].Subject}'";
                }
            }
        }

        return null;
    }
}
