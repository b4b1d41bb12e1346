using DocExchange.Audit.Trail;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocExchange.Server.Hosting;

/// <summary>
/// What grpc.health.v1.Health reports (SERVING or NOT_SERVING, for the server and each of its services): the storage
/// answers a read of the audit log's state and the audit signing key is loaded. The server's TSA needs no check here:
/// start-up fails without it, and it is never unloaded.
/// </summary>
internal sealed class ReadinessHealthCheck(AuditLog audit) : IHealthCheck
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
}
