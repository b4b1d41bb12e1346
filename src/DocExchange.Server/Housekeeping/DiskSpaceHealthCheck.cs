using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocExchange.Server.Housekeeping;

/// <summary>
/// <see cref="DiskSpaceCheck"/> as a health check, reported by the gRPC health service as
/// <see cref="DiskSpaceCheck.HealthServiceName"/>: NOT_SERVING while a disk the server writes to is short of space.
/// </summary>
internal sealed class DiskSpaceHealthCheck(DiskSpaceCheck disks) : IHealthCheck
{
    public const string Name = "disk-space";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = disks.Check();
        return Task.FromResult(status.HasRoom ? HealthCheckResult.Healthy(status.Description) : HealthCheckResult.Unhealthy(status.Description));
    }
}
