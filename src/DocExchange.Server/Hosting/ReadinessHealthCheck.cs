using DocExchange.Audit.Trail;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocExchange.Server.Hosting;

/// <summary>
/// What grpc.health.v1.Health reports (SERVING or NOT_SERVING, for the server and each of its services): the storage
/// answers a read of the audit log's state and the audit signing key is loaded. The server's TSA needs no check here:
/// start-up fails without it, and it is never unloaded. An answer is reused for a second, so that a prober (or a load
/// balancer's health checks) costs the storage at most one read per second.
/// </summary>
internal sealed class ReadinessHealthCheck(AuditLog audit, TimeProvider time) : IHealthCheck
{
    public const string Name = "readiness";

    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);
    private Answer? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < Reuse)
        {
            return last.Result;
        }

        var result = await CheckAsync(cancellationToken).ConfigureAwait(false);
        _last = new Answer(now, result);
        return result;
    }

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageTimeout);
        try
        {
            var info = await audit.Trail.GetLogInfoAsync(timeout.Token).ConfigureAwait(false);
            if (info.PublicKey.Length == 0)
            {
                return HealthCheckResult.Unhealthy("The audit signing key is not loaded.");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The storage does not answer.", e);
        }

        return HealthCheckResult.Healthy();
    }

    private sealed record Answer(DateTimeOffset At, HealthCheckResult Result);
}
