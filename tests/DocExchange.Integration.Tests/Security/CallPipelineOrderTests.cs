using System.Text.Json;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// The per-call rules run in their order around every call: the call log around everything, the abuse limits before
/// authorisation, so that calls over a caller's limits never reach the audit trail (docs/SECURITY.md, "call floods").
/// </summary>
public sealed class CallPipelineOrderTests
{
    private const int Burst = 3;
    private const int Calls = 10;

    [Fact]
    public async Task Calls_over_the_rate_limit_are_refused_before_authorisation_leaving_no_audit_event_and_each_refusal_has_its_log_line()
    {
        await using var server = await TestServer.StartAsync(
            // A refill too slow to matter during the test, and every refusal written and logged on its own.
            "--DocExchange:Abuse:CallsPerSecond=0.001",
            $"--DocExchange:Abuse:CallBurst={Burst}",
            "--DocExchange:Abuse:RefusalAuditWindowSeconds=0");
        var impostor = server.WithCertificate(TestPki.SelfSignedAgency(TestServer.H41));
        var statuses = new List<GrpcStatusCode>();
        for (var i = 0; i < Calls; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => impostor.UnaryAsync(Exchange.Methods.ListReceived, new ListDocumentsRequest()));
            statuses.Add(error.StatusCode);
        }

        // Authorisation refuses the certificate while the burst lasts; after it the limits refuse first.
        Assert.Equal([.. Enumerable.Repeat(GrpcStatusCode.Unauthenticated, Burst), .. Enumerable.Repeat(GrpcStatusCode.ResourceExhausted, Calls - Burst)], statuses);
        var denied = await DeniedEventsAsync(server);
        Assert.Equal(Burst, denied.Count);
        Assert.All(denied, e => Assert.Equal("unauthenticated", e.Actor.Role));

        // Stopping the server writes out the log.
        await server.Server.DisposeAsync();
        var callLines = ReadCallLines(Path.Combine(server.DataDirectory, "logs"), Exchange.Methods.ListReceived.FullName);
        Assert.Equal(Burst, callLines.Count(status => status == nameof(GrpcStatusCode.Unauthenticated)));
        Assert.Equal(Calls - Burst, callLines.Count(status => status == nameof(GrpcStatusCode.ResourceExhausted)));
    }

    [Fact]
    public async Task One_interceptor_runs_the_rules_around_every_call()
    {
        await using var server = await TestServer.StartAsync();

        var interceptors = server.Server.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors;

        Assert.Equal(typeof(CallPipeline), Assert.Single(interceptors).Type);
    }

    private static async Task<List<AuditEvent>> DeniedEventsAsync(TestServer server)
    {
        using var query = server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { "call.denied" } });
        var events = new List<AuditEvent>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(query.ResponseStream.Current.Event);
        }

        return events;
    }

    /// <summary>The gRPC status of each call line the server logged for <paramref name="method"/>.</summary>
    private static List<string> ReadCallLines(string logDirectory, string method) =>
        [.. Directory.GetFiles(logDirectory, "docexchange-*.log")
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("MessageTemplate").GetString()!.StartsWith("gRPC ", StringComparison.Ordinal)
                && l.GetProperty("Properties").GetProperty("GrpcMethod").GetString() == method)
            .Select(l => l.GetProperty("Properties").GetProperty("GrpcStatus").GetString()!)];
}
