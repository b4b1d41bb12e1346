using DocExchange.Core;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using DocExchange.Storage.Postgres;

namespace DocExchange.Storage.Tests;

/// <summary>Repeated message ids committed at the same moment through several server instances are stored once.</summary>
public sealed class PostgresIdempotencyTests : IAsyncLifetime
{
    private const int InstanceCount = 3;
    private const int CallersPerInstance = 3;
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    private static readonly AgencyCode Tax = AgencyCode.Parse("000.00.18.G12");

    private readonly List<PostgresStorage> _instances = [];
    private PostgresStorageUnderTest _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = await PostgresStorageUnderTest.CreateAsync();
        _instances.Add(_storage.Storage);
        for (var i = 1; i < InstanceCount; i++) _instances.Add(await _storage.OpenInstanceAsync());
        foreach (var code in new[] { Sender, Finance, Tax })
        {
            await _storage.Store.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances.Skip(1)) await instance.DisposeAsync();
        await _storage.DisposeAsync();
    }

    /// <summary>Runs <paramref name="call"/> once per caller, callers spread over the instances, released together.</summary>
    private async Task<T[]> AllAtOnceAsync<T>(Func<IExchangeStore, int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, InstanceCount * CallersPerInstance).Select(async caller =>
        {
            await start.Task;
            return await call(_instances[caller % InstanceCount].Store, caller);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(calls);
    }

    private async Task<long> CountAuditAsync(string action) =>
        (await _storage.Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count(e => e.Action == action);

    [Fact]
    public async Task Concurrent_sends_of_one_message_id_store_one_document_and_all_return_it()
    {
        var document = Records.Document(Sender, "m-1", [Finance, Tax]);

        var results = await AllAtOnceAsync((store, _) =>
            store.CommitSendAsync(document, Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None));

        Assert.Single(results, r => r.Outcome == SendCommitOutcome.Committed);
        Assert.All(results.Where(r => r.Outcome != SendCommitOutcome.Committed), r => Assert.Equal(SendCommitOutcome.DuplicateMessage, r.Outcome));
        Assert.All(results, r =>
        {
            Assert.Equal(document.Id, r.Document!.Id);
            Assert.Equal(document.Recipients, r.Document.Recipients);
            Assert.Equal(document.Parts, r.Document.Parts);
        });
        Assert.Equal(1, await _storage.CountRowsAsync("documents"));
        Assert.Equal(2, await _storage.CountRowsAsync("inbox_entries"));
        Assert.Equal(1, await CountAuditAsync("document.send"));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_document_id_under_different_message_ids_store_one_and_refuse_the_others()
    {
        var results = await AllAtOnceAsync((store, caller) => store.CommitSendAsync(
            Records.Document(Sender, $"m-{caller}", [Finance], number: "7816"), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None));

        Assert.Single(results, r => r.Outcome == SendCommitOutcome.Committed);
        Assert.All(results.Where(r => r.Outcome != SendCommitOutcome.Committed), r => Assert.Equal(SendCommitOutcome.DocumentIdTaken, r.Outcome));
        Assert.Equal(1, await _storage.CountRowsAsync("documents"));
        Assert.Equal(1, await _storage.CountRowsAsync("inbox_entries"));
    }

    [Fact]
    public async Task One_status_message_id_posted_concurrently_about_several_documents_is_stored_once()
    {
        var documents = new List<StoredDocument>();
        for (var i = 0; i < InstanceCount * CallersPerInstance; i++)
        {
            documents.Add((await _storage.Store.CommitSendAsync(
                Records.Document(Sender, $"d-{i}", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Document!);
        }

        var results = await AllAtOnceAsync((store, caller) => store.AppendStatusAsync(
            Records.Status(documents[caller], Finance, StatusCode.Arrived, DeliveryState.Initial, 0, messageId: "s-1"),
            Records.Audit(Finance.Value, "status.post"), CancellationToken.None));

        var appended = Assert.Single(results, r => r.Outcome == StatusAppendOutcome.Appended).Status;
        Assert.All(results.Where(r => r.Outcome != StatusAppendOutcome.Appended), r =>
        {
            Assert.Equal(StatusAppendOutcome.DuplicateMessage, r.Outcome);
            Assert.Equal(appended, r.Status);
        });
        Assert.Equal(1, await _storage.CountRowsAsync("statuses"));
        Assert.Equal(1, await CountAuditAsync("status.post"));
        // The refused posts drew audit sequences before rolling back; they gave them back: no gap in the trail.
        var sequences = (await _storage.Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(n => (long)n), sequences);
        // Only the delivery whose status was stored moved on.
        var states = await Task.WhenAll(documents.Select(d => _storage.Store.FindDeliveryStateAsync(d.Id, Finance, CancellationToken.None)));
        Assert.Single(states, s => s!.State.Stage == DeliveryStage.Arrived);
    }

    [Fact]
    public async Task Concurrent_sends_of_one_message_id_through_the_exchange_service_all_return_the_first_document()
    {
        var main = Content.Bytes(3000, 5);
        var services = _instances.Select(i => i.CreateExchangeService(new ExchangeOptions(), TimeProvider.System)).ToList();
        var outgoing = new OutgoingDocument(Sender, "m-1", [Finance.Value], "7816", "VPCP", new DateOnly(2024, 5, 10), "Về việc thử nghiệm",
            BusinessDocType.New, null, new byte[] { 1 }, [new PartDeclaration("main", PartKind.Main, "main.pdf", "application/pdf", main.Length, null)]);

        var results = await AllAtOnceAsync((store, caller) =>
            services[caller % InstanceCount].SendAsync(outgoing, Content.Chunks([("main", main)]), CancellationToken.None));

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.DocumentId).Distinct());
        Assert.Equal(1, await _storage.CountRowsAsync("documents"));
    }

    [Fact]
    public async Task Concurrent_posts_of_one_status_message_id_through_the_exchange_service_all_return_the_first_status()
    {
        var services = _instances.Select(i => i.CreateExchangeService(new ExchangeOptions(), TimeProvider.System)).ToList();

        // Each round races the callers on a fresh delivery: a loser's state update waits for the winner's commit and
        // then finds the delivery moved on; retrying, it must find the message id taken rather than refuse 01 after 01.
        for (var round = 0; round < 5; round++)
        {
            var document = (await _storage.Store.CommitSendAsync(
                Records.Document(Sender, $"d-{round}", [Finance]), Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)).Document!;
            var post = new StatusPost(Finance, document.Id.ToString(), StatusCode.Arrived, MessageId: $"s-{round}");

            var results = await AllAtOnceAsync((_, caller) => services[caller % InstanceCount].PostStatusAsync(post, CancellationToken.None));

            var first = Assert.Single(await _storage.Store.GetStatusHistoryAsync(document.Id, Finance, CancellationToken.None));
            Assert.All(results, r => Assert.Equal(first, r));
        }
    }
}
