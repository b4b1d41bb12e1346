using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using DocExchange.Protocol.V1;
using DocExchange.Testing.Postgres;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace DocExchange.Integration.Tests;

/// <summary>
/// A server on PostgreSQL through a database outage: grpc.health.v1 reports it, and the server recovers when the
/// database comes back. The cluster is this class's own, since the test stops it.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    // The readiness check reuses an answer for 1 s and gives the storage 5 s; a stopped database refuses at once.
    private static readonly TimeSpan HealthPatience = TimeSpan.FromSeconds(10);

    private readonly string _shared = Path.Combine(Path.GetTempPath(), "docexchange-it-outage-" + Guid.NewGuid().ToString("N"));
    private PostgresTestCluster _cluster = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresTestCluster.StartAsync(CancellationToken.None);
        var database = await _cluster.CreateDatabaseAsync();
        _server = await TestServer.StartOnPostgresAsync(database.ConnectionString, Path.Combine(_shared, "blobs"), Path.Combine(_shared, "audit-key.pem"));
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _cluster.DisposeAsync();
        if (Directory.Exists(_shared)) Directory.Delete(_shared, recursive: true);
    }

    [Fact]
    public async Task Health_turns_not_serving_while_the_database_is_down_and_serving_again_with_sends_pushed_live_once_it_is_back()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var health = _server.Plaintext();
        Assert.Equal(ServingStatus.Serving, await CheckAsync(health, Protocol.V1.Exchange.Descriptor.FullName, ct));
        var checkpointBefore = await FreshCheckpointAsync(ct);

        await _cluster.StopForOutageAsync(ct);

        await WaitForAsync(health, ServingStatus.NotServing, ct);
        Assert.Equal(ServingStatus.NotServing, await CheckAsync(health, Protocol.V1.Exchange.Descriptor.FullName, ct));
        var refused = await Assert.ThrowsAsync<RpcException>(() => _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.ListChildren, new ListChildrenRequest { Code = TestServer.G22 }, new(cancellationToken: ct)));
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, refused.StatusCode);

        await _cluster.RestartAfterOutageAsync(ct);

        await WaitForAsync(health, ServingStatus.Serving, ct);

        // Recovered for real: a send is stored, pushed live to a new subscription, and its events integrated and checkpointed.
        using var inbox = _server.Agency(TestServer.H41).AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
        var pdf = SamplePdf.Create("sau su co co so du lieu");
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("outage-1", TestServer.H41, pdf), pdf, options: new(cancellationToken: ct));
        var pushed = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.Delivery, ct);
        Assert.Equal(sent.DocumentId, pushed[^1].Delivery.DocumentId);
        Assert.True((await FreshCheckpointAsync(ct)).TreeSize > checkpointBefore.TreeSize);
    }

    private Task<SignedCheckpoint> FreshCheckpointAsync(CancellationToken ct) =>
        _server.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true }, new(cancellationToken: ct));

    private static async Task<ServingStatus> CheckAsync(CallInvoker health, string service, CancellationToken ct) =>
        (await health.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = service }, new(cancellationToken: ct))).Status;

    private static async Task WaitForAsync(CallInvoker health, ServingStatus wanted, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        ServingStatus status;
        while ((status = await CheckAsync(health, string.Empty, ct)) != wanted && waited.Elapsed < HealthPatience)
        {
            await Task.Delay(100, ct);
        }

        Assert.True(status == wanted, $"health still {status} after {waited.Elapsed}, {wanted} expected");
    }
}
