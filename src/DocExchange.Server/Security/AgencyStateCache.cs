using System.Collections.Concurrent;
using DocExchange.Core.Agencies;
using DocExchange.Core.Errors;
using DocExchange.Core.Exchange;
using DocExchange.Server.Configuration;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Security;

/// <summary>
/// Whether an agency has been deactivated in the registry, asked of the registry at most every
/// <see cref="AbuseOptions.AgencyStateCacheSeconds"/> per agency, so that a deactivation takes effect on the calls
/// after that without a registry read on every call.
/// </summary>
public sealed class AgencyStateCache(ExchangeService exchange, IOptions<DocExchangeOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<AgencyCode, Entry> _entries = new();

    /// <summary>True when the agency is registered and deactivated; false when active or not registered (the domain refuses those itself).</summary>
    public async ValueTask<bool> IsDeactivatedAsync(AgencyCode agency, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(options.Value.Abuse.AgencyStateCacheSeconds);
        if (_entries.TryGetValue(agency, out var entry) && now - entry.ReadAt < lifetime)
        {
            return entry.Deactivated;
        }

        bool deactivated;
        try
        {
            deactivated = !(await exchange.GetAgencyAsync(agency.Value, cancellationToken).ConfigureAwait(false)).Active;
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.NotFound)
        {
            deactivated = false;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[agency] = new Entry(deactivated, now);
        return deactivated;
    }

    private sealed record Entry(bool Deactivated, DateTimeOffset ReadAt);
}
