using System.Collections.Concurrent;
using DocExchange.Core.Agencies;
using DocExchange.Core.Errors;
using DocExchange.Core.Exchange;
using DocExchange.Core.Storage;
using DocExchange.Server.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Security;

/// <summary>
/// The registry as the per-call security checks read it: each agency's <see cref="AgencyTrust"/>, and which agencies
/// pinned a certificate thumbprint. Entries live at most <see cref="AbuseOptions.AgencyStateCacheSeconds"/>, so a
/// change made through another instance sharing the database takes effect within that time; a change made through
/// this instance (<see cref="ExchangeService.AgencyChanged"/>) drops every entry before it is answered, so it takes
/// effect on the next call.
/// </summary>
public sealed class RegistryTrustCache : IDisposable
{
    private const int MaxEntries = 100_000;

    private readonly ExchangeService _exchange;
    private readonly IOptions<DocExchangeOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistryTrustCache> _logger;
    private readonly ConcurrentDictionary<AgencyCode, Entry<AgencyTrust?>> _agencies = new();
    private readonly ConcurrentDictionary<Sha256Digest, Entry<IReadOnlyList<AgencyCode>>> _pins = new();
    private long _generation;

    public RegistryTrustCache(ExchangeService exchange, IOptions<DocExchangeOptions> options, TimeProvider time, ILogger<RegistryTrustCache> logger)
    {
        _exchange = exchange;
        _options = options;
        _time = time;
        _logger = logger;
        _exchange.AgencyChanged += OnAgencyChanged;
    }

    /// <summary>Changes whenever this instance changed the registry: what was derived from an older one is stale.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>How long what was read from the registry may be used.</summary>
    public TimeSpan Lifetime => TimeSpan.FromSeconds(_options.Value.Abuse.AgencyStateCacheSeconds);

    /// <summary>The agency's registry entry; null when it is not registered.</summary>
    public ValueTask<AgencyTrust?> GetAsync(AgencyCode agency, CancellationToken cancellationToken) =>
        GetOrLoadAsync(_agencies, agency, LoadAgencyAsync, cancellationToken);

    /// <summary>The agencies that pinned the certificate thumbprint <paramref name="sha256"/>.</summary>
    public ValueTask<IReadOnlyList<AgencyCode>> FindPinningAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        GetOrLoadAsync(_pins, sha256, _exchange.FindAgenciesPinningAsync, cancellationToken);

    public void Dispose() => _exchange.AgencyChanged -= OnAgencyChanged;

    private void OnAgencyChanged(AgencyCode code)
    {
        // A new pin or CA may concern any certificate: everything is read again.
        Interlocked.Increment(ref _generation);
        _agencies.Clear();
        _pins.Clear();
    }

    private async ValueTask<TValue> GetOrLoadAsync<TKey, TValue>(
        ConcurrentDictionary<TKey, Entry<TValue>> entries, TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var generation = Generation;
        var now = _time.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && entry.Generation == generation && now - entry.ReadAt < Lifetime)
        {
            return entry.Value;
        }

        var value = await load(key, cancellationToken).ConfigureAwait(false);
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        // Read before a change but stored after it: not kept (the generation moved on).
        if (Generation == generation)
        {
            entries[key] = new Entry<TValue>(value, now, generation);
        }

        return value;
    }

    private async Task<AgencyTrust?> LoadAgencyAsync(AgencyCode code, CancellationToken cancellationToken)
    {
        Agency agency;
        try
        {
            agency = await _exchange.GetAgencyAsync(code.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
        {
            return null;
        }

        var problems = new List<string>();
        var trust = AgencyTrust.From(agency, problems);
        foreach (var problem in problems)
        {
            _logger.LogWarning("Registry trust: {Problem}", problem);
        }

        return trust;
    }

    private sealed record Entry<TValue>(TValue Value, DateTimeOffset ReadAt, long Generation);
}
