using DocExchange.Protocol.V1;
using DocExchange.Server.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DocExchange.Integration.Tests;

/// <summary>
/// DocExchange:Abuse:MaxConcurrentSends: beyond it, a send whose upload has arrived waits for its turn before it is
/// validated and stored. PostgreSQL is the judge of how many sends are storing: the test holds the commit-order lock
/// that every send takes, so each admitted send shows in pg_locks as a waiter, and no other can pass it.
/// </summary>
public sealed class SendAdmissionTests : IAsyncLifetime
{
    private const int Admitted = 2;
    private const int Sends = 6;

    private ServerDeployment _deployment = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _deployment = await ServerDeployment.PostgresAsync();
        _server = await _deployment.StartInstanceAsync($"--DocExchange:Abuse:MaxConcurrentSends={Admitted}");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task Sends_beyond_the_limit_wait_for_a_turn_and_all_are_stored_when_the_turns_come()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var admission = _server.Server.Services.GetRequiredService<SendAdmission>();
        await using var held = await HeldCommitOrderLock.TakeAsync(_deployment.SharedDatabase!, ct);

        var sends = StartSends(_server, "admit", Sends, firstNumber: 900);

        // Every send accounted for: two in the database behind the test's lock, the rest waiting for a turn.
        long storing = 0;
        await WaitUntilAsync(async () =>
        {
            Assert.All(sends, s => Assert.False(s.IsCompleted, $"a send ended while the commit-order lock was held: {s.Exception?.GetBaseException().Message}"));
            storing = await held.WaitersAsync(ct);
            return storing + admission.Waiting == Sends;
        }, () => $"{storing} send(s) wait for the commit-order lock and {admission.Waiting} for a turn, of {Sends}", ct);

        Assert.Equal(Admitted, storing);
        Assert.Equal(Sends - Admitted, admission.Waiting);
        Assert.Equal(Admitted, admission.InProgress);

        await held.ReleaseAsync(ct);
        var stored = await Task.WhenAll(sends).WaitAsync(ct);
        Assert.Equal(Sends, stored.Select(s => s.DocumentId).Distinct().Count());
        Assert.Equal(0, admission.Waiting);
        Assert.Equal(0, admission.InProgress);
        var listed = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest(), new(cancellationToken: ct));
        Assert.Equal(stored.Select(s => s.DocumentId).Order(), listed.Documents.Select(d => d.DocumentId).Order());
    }

    [Fact]
    public async Task Without_the_setting_no_send_waits_for_a_turn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var unbounded = await _deployment.StartInstanceAsync();
        var admission = unbounded.Server.Services.GetRequiredService<SendAdmission>();
        await using var held = await HeldCommitOrderLock.TakeAsync(_deployment.SharedDatabase!, ct);

        var sends = StartSends(unbounded, "free", Sends, firstNumber: 700);

        await WaitUntilAsync(async () => await held.WaitersAsync(ct) == Sends,
            () => $"not all {Sends} sends reached the commit-order lock ({admission.Waiting} wait for a turn)", ct);
        Assert.Equal(0, admission.Waiting);
        Assert.Equal(Sends, admission.InProgress);

        await held.ReleaseAsync(ct);
        await Task.WhenAll(sends).WaitAsync(ct);
        Assert.Equal(0, admission.InProgress);
    }

    [Fact]
    public async Task A_send_cancelled_while_it_waits_for_a_turn_gives_up_its_place_and_stores_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var admission = _server.Server.Services.GetRequiredService<SendAdmission>();
        await using var held = await HeldCommitOrderLock.TakeAsync(_deployment.SharedDatabase!, ct);

        var first = StartSends(_server, "keep", Admitted, firstNumber: 800);
        await WaitUntilAsync(async () => await held.WaitersAsync(ct) == Admitted,
            () => $"not {Admitted} sends waiting for the commit-order lock", ct);
        using var giveUp = new CancellationTokenSource();
        var last = SamplePdf.Create("Cong van huy");
        var waiting = Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("give-up", TestServer.H41, last, number: "899"), last,
            options: new Grpc.Core.CallOptions(cancellationToken: giveUp.Token));
        await WaitUntilAsync(() => Task.FromResult(admission.Waiting == 1), () => $"{admission.Waiting} sends wait for a turn, not 1", ct);

        await giveUp.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => waiting);
        Assert.Equal(Grpc.Core.StatusCode.Cancelled, cancelled.StatusCode);
        await WaitUntilAsync(() => Task.FromResult(admission.Waiting == 0), () => "the cancelled send still waits for a turn", ct);

        await held.ReleaseAsync(ct);
        var kept = await Task.WhenAll(first).WaitAsync(ct);
        Assert.Equal(0, admission.InProgress);
        var listed = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest(), new(cancellationToken: ct));
        Assert.Equal(kept.Select(s => s.DocumentId).Order(), listed.Documents.Select(d => d.DocumentId).Order());
    }

    /// <summary>Starts <paramref name="count"/> sends of distinct documents from G22 to H41, numbered from <paramref name="firstNumber"/>.</summary>
    private static List<Task<SendResponse>> StartSends(TestServer server, string tag, int count, int firstNumber)
    {
        var sender = server.Agency(TestServer.G22);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var pdf = SamplePdf.Create($"Cong van {tag} {i}");
            var number = (firstNumber + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Exchanges.SendAsync(sender, Exchanges.Header($"{tag}-{i}", TestServer.H41, pdf, number: number), pdf);
        })];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> failure, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "after 30 s: " + failure());
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The lock every send takes before it commits, held by the test on a connection of its own until released.</summary>
    private sealed class HeldCommitOrderLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        // The commit-order lock's two keys (src/DocExchange.Storage/Postgres/PostgresSql.cs, LockCommitOrder).
        private const string Take = "SELECT pg_advisory_xact_lock(1146617856, 2)";
        private const string Waiters =
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1146617856 AND objid = 2 AND NOT granted";

        public static async Task<HeldCommitOrderLock> TakeAsync(string connectionString, CancellationToken ct)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            var transaction = await connection.BeginTransactionAsync(ct);
            await using var take = new NpgsqlCommand(Take, connection, transaction);
            await take.ExecuteScalarAsync(ct);
            return new HeldCommitOrderLock(connection, transaction);
        }

        /// <summary>Transactions waiting for the lock: sends that have reached their commit.</summary>
        public async Task<long> WaitersAsync(CancellationToken ct)
        {
            await using var count = new NpgsqlCommand(Waiters, connection, transaction);
            return (long)(await count.ExecuteScalarAsync(ct))!;
        }

        public Task ReleaseAsync(CancellationToken ct) => transaction.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
