using System.Diagnostics;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Results;
using Grpc.Core;
using Grpc.Health.V1;

namespace DocExchange.LoadGenerator.Ceilings;

/// <summary>
/// The transport's ceiling: grpc.health.v1.Health/Check, an empty unary RPC through the same Kestrel, TLS, framing,
/// interceptors (logging, identity, authorisation) and dispatch every call pays, with no storage behind it.
/// </summary>
internal static class UnaryRpcCeiling
{
    /// <param name="serverCpu">A CPU snapshot of the server process, to tell its CPU time per call in flight.</param>
    public static async Task<UnaryCeiling> MeasureAsync(CallInvoker client, int concurrency, TimeSpan duration, Func<Hosting.CpuSnapshot> serverCpu, CancellationToken ct)
    {
        var request = new HealthCheckRequest();
        for (var i = 0; i < 50; i++)
        {
            await client.UnaryAsync(HealthMethods.Check, request, new CallOptions(cancellationToken: ct));
        }

        var latencies = new Latencies();
        var sequential = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await client.UnaryAsync(HealthMethods.Check, request, new CallOptions(cancellationToken: ct));
            latencies.AddSince(start);
            sequential++;
        }
        var sequentialRate = sequential / clock.Elapsed.TotalSeconds;

        var concurrent = 0;
        var cpu = serverCpu();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await client.UnaryAsync(HealthMethods.Check, request, new CallOptions(cancellationToken: ct));
                Interlocked.Increment(ref concurrent);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var serverCpuMsPerCall = concurrent == 0 ? double.NaN : cpu.Since().ServerCores * seconds * 1000 / concurrent;
        return new UnaryCeiling(sequentialRate, latencies.Summarize()!, concurrency, concurrent / seconds, serverCpuMsPerCall);
    }
}
