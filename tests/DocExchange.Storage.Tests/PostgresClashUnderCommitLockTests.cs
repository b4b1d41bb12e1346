using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using Npgsql;

namespace DocExchange.Storage.Tests;

/// <summary>
/// A write on PostgreSQL commits in the round trip that takes the commit-order lock, so it cannot look at a result
/// between its inserts and its commit: a message id taken by a concurrent write after the write's own check must roll
/// the whole write back, and the caller gets the first write's result. Here the test holds the commit-order lock
/// itself, so that two writes provably pass their checks before either inserts, then lets them go.
/// </summary>
public sealed class PostgresClashUnderCommitLockTests : IAsyncLifetime
{
    // The commit-order lock's two keys (src/DocExchange.Storage/Postgres/PostgresSql.cs, LockCommitOrder).
    private const string TakeCommitOrderLock = "SELECT pg_advisory_xact_lock(1146617856, 2)";
    private const string CommitOrderLockWaiters =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1146617856 AND objid = 2 AND NOT granted";
    private const string TransactionWaiters = "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted";

    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");

    private PostgresStorageUnderTest _storage = null!;
    private NpgsqlConnection _lockHolder = null!;
    private NpgsqlTransaction _lock = null!;

    private IExchangeStore Store => _storage.Store;

    public async Task InitializeAsync()
    {
        _storage = await PostgresStorageUnderTest.CreateAsync();
        foreach (var code in new[] { Sender, Finance })
        {
            Assert.True(await Store.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None));
        }
        _lockHolder = await _storage.Database.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _lockHolder.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task A_send_whose_message_id_a_concurrent_send_commits_first_rolls_back_and_returns_the_first_document()
    {
        var first = Records.Document(Sender, "m-1", [Finance]);
        // Same message id, another document id (another number): only the message id clashes.
        var second = Records.Document(Sender, "m-1", [Finance], number: "other");
        var eventsBefore = await CountEventsAsync();
        await HoldCommitOrderLockAsync();

        var firstSend = Store.CommitSendAsync(first, Records.Audit(Sender.Value, "document.send", "first"), [], CancellationToken.None);
        await WaitForAsync(CommitOrderLockWaiters, 1);
        // The second send's document row waits for the first's, which waits for the lock.
        var secondSend = Store.CommitSendAsync(second, Records.Audit(Sender.Value, "document.send", "second"), [], CancellationToken.None);
        await WaitForAsync(TransactionWaiters, 1);
        await _lock.CommitAsync();

        Assert.Equal(SendCommitOutcome.Committed, (await firstSend).Outcome);
        var clash = await secondSend;
        Assert.Equal(SendCommitOutcome.DuplicateMessage, clash.Outcome);
        Assert.Equal(first.Id, clash.Document!.Id);
        Assert.Null(await Store.FindDocumentAsync(second.Id, CancellationToken.None));
        Assert.Equal(["first"], (await EventsSinceAsync(eventsBefore)).Select(e => e.DocumentId));
    }

    [Fact]
    public async Task A_status_whose_message_id_a_concurrent_post_takes_first_rolls_back_its_delivery_move_and_returns_the_first_status()
    {
        var documents = new List<StoredDocument>();
        foreach (var messageId in new[] { "d-1", "d-2" })
        {
            documents.Add((await Store.CommitSendAsync(
                Records.Document(Sender, messageId, [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Document!);
        }
        var states = new List<DeliveryStateRecord>();
        foreach (var document in documents) states.Add((await Store.FindDeliveryStateAsync(document.Id, Finance, CancellationToken.None))!);
        var eventsBefore = await CountEventsAsync();
        await HoldCommitOrderLockAsync();

        // One status message id for both documents' deliveries: the two posts do not meet on a delivery row, only on the id.
        var posts = new List<Task<StatusAppendResult>>();
        for (var i = 0; i < 2; i++)
        {
            posts.Add(Store.AppendStatusAsync(
                Records.Status(documents[i], Finance, StatusCode.Arrived, states[i].State, states[i].Version, messageId: "s-1"),
                Records.Audit(Finance.Value, "status.post", documents[i].Id.ToString()), CancellationToken.None));
            await WaitForAsync(CommitOrderLockWaiters, i + 1);
        }
        await _lock.CommitAsync();
        var results = await Task.WhenAll(posts);

        var appended = Assert.Single(results, r => r.Outcome == StatusAppendOutcome.Appended);
        var clash = Assert.Single(results, r => r.Outcome == StatusAppendOutcome.DuplicateMessage);
        Assert.Equal(appended.Status!.Sequence, clash.Status!.Sequence);
        Assert.Equal(appended.Status.DocumentId, clash.Status.DocumentId);
        var loser = results[0] == clash ? 0 : 1;
        var loserState = (await Store.FindDeliveryStateAsync(documents[loser].Id, Finance, CancellationToken.None))!;
        Assert.Equal(states[loser].Version, loserState.Version);
        Assert.Equal(states[loser].State, loserState.State);
        Assert.Equal([appended.Status.DocumentId.ToString()], (await EventsSinceAsync(eventsBefore)).Select(e => e.DocumentId));
    }

    private async Task HoldCommitOrderLockAsync()
    {
        _lock = await _lockHolder.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(TakeCommitOrderLock, _lockHolder, _lock);
        await command.ExecuteNonQueryAsync();
    }

    private async Task WaitForAsync(string countQuery, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await _storage.Database.QueryAsync(countQuery))[0]! < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {count} waiter(s) after 30 s: {countQuery}");
            await Task.Delay(10);
        }
    }

    private async Task<int> CountEventsAsync() => (await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count;

    private async Task<IReadOnlyList<AuditEventRecord>> EventsSinceAsync(int count) =>
        (await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Skip(count).ToList();
}
