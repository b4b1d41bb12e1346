using System.Diagnostics;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Results;
using Grpc.Core;
using Grpc.Health.V1;

namespace DocExchange.LoadGenerator.Ceilings;

/// <summary>A server process the empty call is measured against: a connection to it, and its process's CPU.</summary>
/// <param name="Name">How progress and errors name it.</param>
/// <param name="ServerCpu">A CPU snapshot of the server process, to tell its CPU time per call in flight.</param>
internal sealed record UnaryTarget(string Name, CallInvoker Client, Func<Hosting.CpuSnapshot> ServerCpu);

/// <summary>
/// The transport's ceiling: grpc.health.v1.Health/Check, an empty unary RPC, through the DocExchange server (the
/// Kestrel, TLS, framing, interceptors (logging, identity, limits, authorisation) and dispatch every call pays, with no
/// storage behind it) and through the bare transport (bench/DocExchange.BareServer: the same stack with nothing of
/// DocExchange's), measured the same way in the same run, so that their ratio is the per-call pipeline's cost.
/// </summary>
internal static class UnaryRpcCeiling
{
    private static readonly HealthCheckRequest Request = new();

    /// <summary>
    /// Warms both up alike (each server's JIT tiers its call path), then measures in alternation so that a drift of the
    /// machine weighs on both: one call at a time on the bare transport then on ours, then <paramref name="concurrency"/>
    /// calls in flight on ours then on the bare transport. Each of these six steps lasts <paramref name="duration"/>.
    /// </summary>
    public static async Task<(UnaryCeiling Ours, UnaryCeiling Bare)> MeasureAsync(
        UnaryTarget ours, UnaryTarget bare, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        await WarmUpAsync(bare, concurrency, duration, ct);
        await WarmUpAsync(ours, concurrency, duration, ct);
        var (bareRate, bareLatencies) = await OneAtATimeAsync(bare, duration, ct);
        var (oursRate, oursLatencies) = await OneAtATimeAsync(ours, duration, ct);
        var (oursInFlight, oursCpu) = await InFlightAsync(ours, concurrency, duration, ct);
        var (bareInFlight, bareCpu) = await InFlightAsync(bare, concurrency, duration, ct);
        return (new UnaryCeiling(oursRate, oursLatencies, concurrency, oursInFlight, oursCpu),
            new UnaryCeiling(bareRate, bareLatencies, concurrency, bareInFlight, bareCpu));
    }

    private static async Task WarmUpAsync(UnaryTarget target, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var answer = await CheckAsync(target, ct);
        if (answer.Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            throw new InvalidOperationException($"{target.Name} answered Health/Check with {answer.Status}, not SERVING: its empty-call figures would not be comparable.");
        }
        await InFlightAsync(target, concurrency, duration, ct);
    }

    private static async Task<(double CallsPerSecond, Percentiles Latencies)> OneAtATimeAsync(UnaryTarget target, TimeSpan duration, CancellationToken ct)
    {
        var latencies = new Latencies();
        var calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await CheckAsync(target, ct);
            latencies.AddSince(start);
            calls++;
        }
        return (calls / clock.Elapsed.TotalSeconds, latencies.Summarize()!);
    }

    /// <returns>The calls per second, and the server's CPU time per call in milliseconds.</returns>
    private static async Task<(double CallsPerSecond, double ServerCpuMsPerCall)> InFlightAsync(UnaryTarget target, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var calls = 0;
        var cpu = target.ServerCpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await CheckAsync(target, ct);
                Interlocked.Increment(ref calls);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var serverCpuMsPerCall = calls == 0 ? double.NaN : cpu.Since().ServerCores * seconds * 1000 / calls;
        return (calls / seconds, serverCpuMsPerCall);
    }

    private static Task<HealthCheckResponse> CheckAsync(UnaryTarget target, CancellationToken ct) =>
        target.Client.UnaryAsync(HealthMethods.Check, Request, new CallOptions(cancellationToken: ct));
}
