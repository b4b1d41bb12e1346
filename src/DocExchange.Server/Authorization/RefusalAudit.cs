using Grpc.Core;
using System.Collections.Concurrent;
using System.Globalization;
using DocExchange.Audit.Trail;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;
using DocExchange.Server.Configuration;
using DocExchange.Server.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Authorization;

/// <summary>
/// Writes <c>call.denied</c> events so that refusals stay visible to auditors without letting anyone grow the permanent
/// trail, or the log, at will. Refusals of one caller (its certificate's thumbprint or proven identity, and its IP
/// address when it has neither) for one reason (method, status, claimed identity) are grouped in windows of
/// <see cref="AbuseOptions.RefusalAuditWindowSeconds"/>: the first is written and logged at once, the rest only counted,
/// and when the window closes (or the server stops) one more event with <c>count=&lt;n&gt;;since=&lt;time&gt;</c>
/// and one log line stand for them (docs/AUDIT-FORMAT.md).
/// </summary>
public sealed class RefusalAudit(AuditTrail trail, IOptions<DocExchangeOptions> options, TimeProvider time, ILogger<RefusalAudit> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private TimeSpan WindowLength => TimeSpan.FromSeconds(options.Value.Abuse.RefusalAuditWindowSeconds);

    /// <summary>
    /// Records <paramref name="refusal"/> of the call <paramref name="context"/>: its actor is the caller as identified,
    /// or, for a refused certificate, role <c>unauthenticated</c> with the identity it claims only in the detail.
    /// </summary>
    public ValueTask<bool> RecordAsync(ServerCallContext context, CallRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        var detail = $"method={context.Method};status={refusal.StatusCode}";
        var actor = refusal.Claimed is { } claimed ? claimed.ToUnverifiedActor() : context.Caller().ToActor();
        return RecordAsync(context, actor, context.GetHttpContext().Connection.RemoteIpAddress?.ToString(),
            refusal.Claimed is null ? detail : $"{detail};claimed={Claim(refusal.Claimed)}");
    }

    /// <summary>
    /// Records a refusal of <paramref name="actor"/> (from <paramref name="address"/>) with <paramref name="detail"/>.
    /// True when it was written now and should be logged; false when it was counted into its window (the call's log
    /// line is then left out, see <see cref="RefusalLogging"/>).
    /// </summary>
    private async ValueTask<bool> RecordAsync(ServerCallContext context, ExchangeActor actor, string? address, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        if (WindowLength > TimeSpan.Zero)
        {
            // Who, when nothing else tells callers apart: the address of a caller without certificate.
            var who = actor.CertificateSha256 is { } sha256 ? sha256.Hex : $"{actor.Role}:{actor.OrganId}:{address}";
            var key = $"{who}|{detail}";
            while (true)
            {
                var window = _windows.GetOrAdd(key, static (_, state) => new Window(state.actor, state.address, state.detail, state.now), (actor, address, detail, now));
                lock (window)
                {
                    if (window.Closed)
                    {
                        continue;
                    }

                    if (window.FirstWritten)
                    {
                        window.Repeated++;
                        context.MarkCountedRefusal();
                        return false;
                    }

                    window.FirstWritten = true;
                    break;
                }
            }
        }

        await trail.RecordAsync(AuditEventRecord.Simple(now, actor, AuditActions.CallDenied, AuditActions.OutcomeDenied, detail), context.CancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>What a refused certificate claims: <c>agency:&lt;code&gt;</c>, <c>operator</c>, <c>auditor</c> or <c>nobody</c>.</summary>
    private static string Claim(CallerIdentity claimed) => claimed.Role switch
    {
        CallerRole.Agency => $"agency:{claimed.Agency}",
        CallerRole.Anonymous => "nobody",
        _ => claimed.Role.ToString().ToLowerInvariant(),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = WindowLength / 4;
        using var timer = new PeriodicTimer(tick < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : tick > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CloseWindowsAsync(all: false, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync closes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await CloseWindowsAsync(all: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseWindowsAsync(bool all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (key, window) in _windows)
        {
            if (!all && now - window.Started < WindowLength)
            {
                continue;
            }

            int repeated;
            lock (window)
            {
                window.Closed = true;
                repeated = window.Repeated;
            }

            _windows.TryRemove(key, out _);
            if (repeated == 0)
            {
                continue;
            }

            var detail = string.Create(CultureInfo.InvariantCulture, $"{window.Detail};count={repeated};since={window.Started.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}");
            try
            {
                await trail.RecordAsync(AuditEventRecord.Simple(now, window.Actor, AuditActions.CallDenied, AuditActions.OutcomeDenied, detail), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not record {Count} repeated refusals ({Detail}) in the audit trail", repeated, window.Detail);
            }

            logger.LogWarning("{Count} more refused calls by {Caller} from {Address} ({Detail}) since {Since:O} were not logged one by one",
                repeated, window.Actor.CertificateSha256 is { } sha256 ? $"certificate {sha256.Hex}" : $"{window.Actor.Role} {window.Actor.OrganId}".TrimEnd(),
                window.Address ?? "?", window.Detail, window.Started);
        }
    }

    private sealed class Window(ExchangeActor actor, string? address, string detail, DateTimeOffset started)
    {
        public ExchangeActor Actor { get; } = actor;

        public string? Address { get; } = address;

        public string Detail { get; } = detail;

        public DateTimeOffset Started { get; } = started;

        public bool FirstWritten { get; set; }

        public int Repeated { get; set; }

        public bool Closed { get; set; }
    }
}

/// <summary>Marks a call whose refusal was counted, not written, so that its per-call log line is left out too.</summary>
public static class RefusalLogging
{
    private sealed class Counted;

    public static bool IsCountedRefusal(this ServerCallContext context) =>
        context?.UserState.ContainsKey(typeof(Counted)) ?? false;

    internal static void MarkCountedRefusal(this ServerCallContext context) => context.UserState[typeof(Counted)] = true;
}
