using DocExchange.Testing.Calls;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace DocExchange.Integration.Tests;

/// <summary>
/// grpc.health.v1 answers from the readiness check, which reuses its answer for a second so that probers cost the
/// storage at most one read per second: every health call must therefore reach the same check, not a new one.
/// </summary>
public sealed class HealthReadinessReuseTests
{
    [Fact]
    public async Task Every_health_call_runs_the_one_readiness_check_whose_answer_is_reused()
    {
        await using var server = await TestServer.StartAsync();
        var health = server.Plaintext();
        for (var i = 0; i < 3; i++)
        {
            var answer = await health.UnaryAsync(HealthMethods.Check, new HealthCheckRequest(), new CallOptions(cancellationToken: CancellationToken.None));
            Assert.Equal(ServingStatus.Serving, answer.Status);
        }

        var services = server.Server.Services;
        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var readiness = registrations.Single(r => r.Name == "readiness");
        Assert.Same(readiness.Factory(services), readiness.Factory(services));
    }
}
