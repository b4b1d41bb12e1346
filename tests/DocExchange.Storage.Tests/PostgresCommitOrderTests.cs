using System.Globalization;
using DocExchange.Core;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using DocExchange.Storage.Postgres;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Cursors and sequences resume reads ("everything after N"), so they must become visible in commit order even when
/// several server instances commit at once. Each test commits concurrently from several instances (each its own
/// connection pool) while a reader keeps resuming after the last value it saw, then checks that it saw every row.
/// </summary>
public sealed class PostgresCommitOrderTests : IAsyncLifetime
{
    private const int InstanceCount = 3;
    private const int WritersPerInstance = 2;
    private const int CommitsPerWriter = 12;
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    private static readonly AgencyCode Tax = AgencyCode.Parse("000.00.18.G12");

    private readonly List<PostgresStorage> _instances = [];
    private PostgresStorageUnderTest _storage = null!;

    private IExchangeStore Reader => _instances[0].Store;

    public async Task InitializeAsync()
    {
        _storage = await PostgresStorageUnderTest.CreateAsync();
        _instances.Add(_storage.Storage);
        for (var i = 1; i < InstanceCount; i++) _instances.Add(await _storage.OpenInstanceAsync());
        foreach (var code in new[] { Sender, Finance, Tax })
        {
            Assert.True(await Reader.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances.Skip(1)) await instance.DisposeAsync();
        await _storage.DisposeAsync();
    }

    /// <summary>Runs <paramref name="write"/> for every writer, spread over the instances, all at once.</summary>
    private Task WriteConcurrentlyAsync(Func<IExchangeStore, int, int, Task> write) =>
        Task.WhenAll(Enumerable.Range(0, InstanceCount * WritersPerInstance).Select(writer => Task.Run(async () =>
        {
            var store = _instances[writer % InstanceCount].Store;
            for (var i = 0; i < CommitsPerWriter; i++) await write(store, writer, i);
        })));

    /// <summary>
    /// Reads after the last key seen until the writers are done and a read after that finds nothing new; every read
    /// must return keys above the previous one. Returns the items seen.
    /// </summary>
    private static async Task<List<string>> FollowAsync(Task writers, Func<long, Task<IReadOnlyList<(long Key, string Item)>>> readAfter)
    {
        var seen = new List<string>();
        var position = 0L;
        while (true)
        {
            var writersDone = writers.IsCompleted;
            var page = await readAfter(position);
            foreach (var (key, item) in page)
            {
                Assert.True(key > position, $"key {key} came after {position}");
                seen.Add(item);
                position = key;
            }
            if (writersDone && page.Count == 0) break;
        }
        await writers;
        return seen;
    }

    private static SendCommitResult Committed(SendCommitResult result)
    {
        Assert.Equal(SendCommitOutcome.Committed, result.Outcome);
        return result;
    }

    [Fact]
    public async Task Inbox_cursors_resumed_by_a_reader_miss_no_delivery_committed_concurrently_on_several_instances()
    {
        var writers = WriteConcurrentlyAsync(async (store, writer, i) => Committed(await store.CommitSendAsync(
            Records.Document(Sender, $"w{writer}-{i}", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)));

        var seen = await FollowAsync(writers, async after =>
            (await Reader.ReadInboxAfterAsync(Finance, after, 1000, CancellationToken.None)).Select(d => (d.Cursor, d.Document.MessageId)).ToList());

        Assert.Equal(InstanceCount * WritersPerInstance * CommitsPerWriter, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Audit_sequences_resumed_by_a_reader_miss_no_event_committed_concurrently_on_several_instances()
    {
        var before = (await Reader.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count;
        var writers = WriteConcurrentlyAsync(async (store, writer, i) => Committed(await store.CommitSendAsync(
            Records.Document(Sender, $"w{writer}-{i}", [Finance, Tax]), Records.Audit(Sender.Value, "document.send", $"w{writer}-{i}"), [], CancellationToken.None)));

        // Keyed by sequence + 1: the reader asks for events from the next sequence it has not seen.
        var seen = await FollowAsync(writers, async next =>
            (await Reader.ReadAuditEventsAsync(next, 1000, CancellationToken.None)).Select(e => (e.Sequence + 1, e.Sequence.ToString(CultureInfo.InvariantCulture))).ToList());

        var total = before + InstanceCount * WritersPerInstance * CommitsPerWriter;
        Assert.Equal(Enumerable.Range(0, total).Select(n => n.ToString(CultureInfo.InvariantCulture)), seen);
    }

    [Fact]
    public async Task Status_sequences_resumed_by_a_watcher_miss_no_status_committed_concurrently_on_several_instances()
    {
        // Each writer moves its own deliveries (01, 02, 04), so writers never conflict on a delivery's version.
        StatusCode[] progress = [StatusCode.Arrived, StatusCode.Accepted, StatusCode.Processing];
        var documents = new StoredDocument[InstanceCount * WritersPerInstance, CommitsPerWriter / progress.Length];
        for (var writer = 0; writer < documents.GetLength(0); writer++)
        {
            for (var k = 0; k < documents.GetLength(1); k++)
            {
                documents[writer, k] = Committed(await Reader.CommitSendAsync(
                    Records.Document(Sender, $"d{writer}-{k}", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Document!;
            }
        }

        var writers = WriteConcurrentlyAsync(async (store, writer, i) =>
        {
            if (i / progress.Length >= documents.GetLength(1)) return;
            var document = documents[writer, i / progress.Length];
            var state = (await store.FindDeliveryStateAsync(document.Id, Finance, CancellationToken.None))!;
            var result = await store.AppendStatusAsync(
                Records.Status(document, Finance, progress[i % progress.Length], state.State, state.Version),
                Records.Audit(Finance.Value, "status.post"), CancellationToken.None);
            Assert.Equal(StatusAppendOutcome.Appended, result.Outcome);
        });

        var seen = await FollowAsync(writers, async after =>
            (await Reader.ReadSenderStatusesAsync(Sender, after, null, 1000, CancellationToken.None))
                .Select(s => (s.Sequence, $"{s.DocumentId}/{s.Code}")).ToList());

        Assert.Equal(documents.Length * progress.Length, seen.Count);
    }

    [Fact]
    public async Task A_live_subscription_on_another_instance_receives_every_concurrent_send()
    {
        var subscriber = _instances[^1].CreateExchangeService(new ExchangeOptions(), TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inbox = subscriber.SubscribeInboxAsync(Finance, 0, cancel.Token).GetAsyncEnumerator();
        Assert.True(await inbox.MoveNextAsync());
        Assert.True(inbox.Current.IsCaughtUp);

        var writers = WriteConcurrentlyAsync(async (store, writer, i) => Committed(await store.CommitSendAsync(
            Records.Document(Sender, $"w{writer}-{i}", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)));

        var expected = InstanceCount * WritersPerInstance * CommitsPerWriter;
        var received = new HashSet<string>();
        while (received.Count < expected)
        {
            Assert.True(await inbox.MoveNextAsync());
            Assert.NotNull(inbox.Current.Delivery);
            Assert.True(received.Add(inbox.Current.Delivery.Document.MessageId), $"{inbox.Current.Delivery.Document.MessageId} was delivered twice");
        }
        await writers;
        Assert.Equal(expected, received.Count);
    }
}
