using System.Diagnostics;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Every write on PostgreSQL serialises on the commit-order lock from the moment it takes it until its commit (see
/// src/DocExchange.Storage/Postgres/PostgresSql.cs and docs/SCALING.md), so the lock may never wait for the server:
/// the lock, the draws, the audit event, the NOTIFY and the COMMIT go in one round trip, the write's last. Npgsql traces
/// one activity per round trip (a command or a batch), with its SQL, which shows where each statement went (a COMMIT
/// made through the transaction object would not show: none is made).
/// </summary>
public sealed class PostgresCommitOrderLockTests : IAsyncLifetime
{
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");

    private PostgresStorageUnderTest _storage = null!;

    private IExchangeStore Store => _storage.Store;

    public async Task InitializeAsync()
    {
        _storage = await PostgresStorageUnderTest.CreateAsync();
        foreach (var code in new[] { Sender, Finance })
        {
            Assert.True(await Store.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None));
        }
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task A_send_is_one_round_trip_which_takes_the_commit_order_lock_inserts_the_audit_event_notifies_and_commits()
    {
        var document = Records.Document(Sender, "m-1", [Finance]);
        var roundTrips = await RoundTripsOfAsync(async () => Assert.Equal(SendCommitOutcome.Committed, (await Store.CommitSendAsync(
            document, Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Outcome));

        AssertLockOnlyInLastRoundTrip(roundTrips);
        Assert.Contains("INSERT INTO documents", Assert.Single(roundTrips), StringComparison.Ordinal);
        // Committed: another connection sees it.
        Assert.Equal(1L, (await _storage.Database.QueryAsync($"SELECT count(*) FROM documents WHERE document_id = '{document.Id}'"))[0]);
    }

    [Fact]
    public async Task A_status_post_takes_the_commit_order_lock_in_the_second_of_its_two_round_trips_which_also_inserts_the_audit_event_notifies_and_commits()
    {
        var document = (await Store.CommitSendAsync(
            Records.Document(Sender, "m-2", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Document!;
        var state = (await Store.FindDeliveryStateAsync(document.Id, Finance, CancellationToken.None))!;

        var roundTrips = await RoundTripsOfAsync(async () => Assert.Equal(StatusAppendOutcome.Appended, (await Store.AppendStatusAsync(
            Records.Status(document, Finance, StatusCode.Arrived, state.State, state.Version),
            Records.Audit(Finance.Value, "status.post"), CancellationToken.None)).Outcome));

        AssertLockOnlyInLastRoundTrip(roundTrips);
        Assert.Equal(2, roundTrips.Count);
        Assert.Contains("UPDATE deliveries", roundTrips[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_leaf_spliced_by_the_database_decodes_to_the_event_at_its_drawn_sequence()
    {
        var before = (await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count;
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(SendCommitOutcome.Committed, (await Store.CommitSendAsync(
                Records.Document(Sender, $"seq-{i}", [Finance]), Records.Audit(Sender.Value, "document.send", $"seq-{i}"), [], CancellationToken.None)).Outcome);
        }

        // Reading decodes each leaf and refuses one that is not the canonical encoding of its event.
        var events = await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, before + 12).Select(n => (long)n), events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"seq-{i}"), events.Skip(before).Select(e => e.DocumentId));
    }

    private static void AssertLockOnlyInLastRoundTrip(IReadOnlyList<string> roundTrips)
    {
        var withLock = roundTrips.Select((sql, i) => (sql, i)).Where(r => r.sql.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).ToList();
        var locked = Assert.Single(withLock);
        Assert.Equal(roundTrips.Count - 1, locked.i);
        Assert.Contains("INSERT INTO audit_events", locked.sql, StringComparison.Ordinal);
        Assert.Contains("pg_notify", locked.sql, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT", locked.sql.TrimEnd(' ', ';', '\n'), StringComparison.Ordinal);
    }

    /// <summary>The SQL of each round trip <paramref name="write"/> makes.</summary>
    private static async Task<IReadOnlyList<string>> RoundTripsOfAsync(Func<Task> write)
    {
        using var source = new ActivitySource("DocExchange.Storage.Tests.CommitOrderLock");
        var roundTrips = new List<string>();
        using var root = new Activity("write").Start();
        var traceId = root.TraceId;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId != traceId) return;
                lock (roundTrips) roundTrips.Add((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string ?? "");
            },
        };
        ActivitySource.AddActivityListener(listener);
        await write();
        lock (roundTrips) return roundTrips.ToList();
    }
}
