using DocExchange.Protocol.V1;
using DocExchange.Storage.Relational;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The SQL statements the exchange store runs for each delivered document on a real server over a real SQLite file,
/// counted as they run (docexchange.storage.statements): a deterministic figure, unlike timing on a shared machine, so
/// that repeated reads cannot come back unnoticed (bench/OPTIMISATIONS.md, "Statements per document, re-counted").
/// </summary>
public sealed class StatementsPerDocumentTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 4;

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartForStatementCountsAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_delivered_document_costs_at_most_the_pinned_number_of_statements_and_transactions()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var activity = _server.Server.Services.GetRequiredService<StoreActivity>();
        var sender = _server.Agency(TestServer.G22);
        var recipient = _server.Agency(TestServer.H41);
        using var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);

        // The first document fills the caches of the connection's identity and of the registry: not counted.
        await DeliverAsync(sender, recipient, inbox, "0", ct);

        var sendAndPush = new Counted();
        var fetch = new Counted();
        var acknowledge = new Counted();
        for (var i = 1; i <= Documents; i++)
        {
            var number = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var start = Snapshot.Of(activity);
            var pdf = SamplePdf.Create("Cong van so " + number);
            var sent = await Exchanges.SendAsync(sender, Exchanges.Header("statements-" + number, TestServer.H41, pdf, number), pdf);
            await ReadDeliveryAsync(inbox, sent.DocumentId, ct);
            var pushed = Snapshot.Of(activity);
            await FetchAsync(recipient, sent.DocumentId, ct);
            var fetched = Snapshot.Of(activity);
            await AcknowledgeAsync(recipient, sent.DocumentId, ct);
            var acknowledged = Snapshot.Of(activity);
            sendAndPush.Add(pushed - start);
            fetch.Add(fetched - pushed);
            acknowledge.Add(acknowledged - fetched);
        }

        output.WriteLine($"per document: send and push {sendAndPush}; fetch {fetch}; acknowledgement {acknowledge}");
        var delivered = sendAndPush.PerDocument + acknowledge.PerDocument;
        output.WriteLine($"send, push and acknowledgement: {delivered.Statements} statements in {delivered.Transactions} transactions");
        // Before the repeated reads were removed: send and push 40 statements in 10 transactions, fetch 8 in 2,
        // acknowledgement 11 in 3 (51 in 13 for send, push and acknowledgement). After: 18 in 4, 4 in 1, 7 in 2.
        // Since small parts are stored in the database (the PDFs here are), a send inserts its content (one statement
        // more) and a fetch reads it in a read of its own (one statement and one transaction more), instead of a file.
        Assert.True(delivered.Statements <= 26, $"send, push and acknowledgement ran {delivered.Statements} statements per document");
        Assert.True(delivered.Transactions <= 6, $"send, push and acknowledgement ran {delivered.Transactions} transactions per document");
        Assert.True(fetch.PerDocument.Statements <= 5, $"a fetch ran {fetch.PerDocument.Statements} statements");
        Assert.True(fetch.PerDocument.Transactions <= 2, $"a fetch ran {fetch.PerDocument.Transactions} transactions");
    }

    [Fact]
    public async Task With_its_content_pushed_a_delivered_document_needs_no_fetch_and_its_push_reads_the_content_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var activity = _server.Server.Services.GetRequiredService<StoreActivity>();
        var sender = _server.Agency(TestServer.G22);
        var recipient = _server.Agency(TestServer.H41);
        using var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox,
            new SubscribeInboxRequest { IncludeContentMaxBytes = 256 * 1024 }, new(cancellationToken: ct));
        await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);

        // The first document fills the caches of the connection's identity and of the registry: not counted.
        await DeliverWithContentAsync(sender, recipient, inbox, "0", ct);

        var sendAndPush = new Counted();
        var acknowledge = new Counted();
        for (var i = 1; i <= Documents; i++)
        {
            var number = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var start = Snapshot.Of(activity);
            var pdf = SamplePdf.Create("Cong van so " + number);
            var sent = await Exchanges.SendAsync(sender, Exchanges.Header("statements-" + number, TestServer.H41, pdf, number), pdf);
            Assert.Equal(pdf, await ReadContentAsync(inbox, sent.DocumentId, ct));
            var pushed = Snapshot.Of(activity);
            await AcknowledgeAsync(recipient, sent.DocumentId, ct);
            var acknowledged = Snapshot.Of(activity);
            sendAndPush.Add(pushed - start);
            acknowledge.Add(acknowledged - pushed);
        }

        output.WriteLine($"per document: send and push with content {sendAndPush}; acknowledgement {acknowledge}");
        var delivered = sendAndPush.PerDocument + acknowledge.PerDocument;
        output.WriteLine($"send, push with content and acknowledgement: {delivered.Statements} statements in {delivered.Transactions} transactions");
        // Without the content pushed: 26 statements in 6 transactions, then a fetch of 5 in 2 (see above). The push reads
        // the content (a row of part_contents here) in a read of its own; the fetch's read of the document goes away.
        Assert.True(delivered.Statements <= 27, $"send, push with content and acknowledgement ran {delivered.Statements} statements per document");
        Assert.True(delivered.Transactions <= 7, $"send, push with content and acknowledgement ran {delivered.Transactions} transactions per document");
    }

    private static async Task DeliverWithContentAsync(CallInvoker sender, CallInvoker recipient, AsyncServerStreamingCall<InboxEvent> inbox, string number, CancellationToken ct)
    {
        var pdf = SamplePdf.Create("Cong van so " + number);
        var sent = await Exchanges.SendAsync(sender, Exchanges.Header("statements-" + number, TestServer.H41, pdf, number), pdf);
        Assert.Equal(pdf, await ReadContentAsync(inbox, sent.DocumentId, ct));
        await AcknowledgeAsync(recipient, sent.DocumentId, ct);
    }

    private static async Task<byte[]> ReadContentAsync(AsyncServerStreamingCall<InboxEvent> inbox, string documentId, CancellationToken ct)
    {
        Assert.True(await inbox.ResponseStream.MoveNext(ct));
        var delivery = inbox.ResponseStream.Current.Delivery;
        Assert.Equal(documentId, delivery.DocumentId);
        return Assert.Single(delivery.Contents).Data.ToByteArray();
    }

    private static async Task DeliverAsync(CallInvoker sender, CallInvoker recipient, AsyncServerStreamingCall<InboxEvent> inbox, string number, CancellationToken ct)
    {
        var pdf = SamplePdf.Create("Cong van so " + number);
        var sent = await Exchanges.SendAsync(sender, Exchanges.Header("statements-" + number, TestServer.H41, pdf, number), pdf);
        await ReadDeliveryAsync(inbox, sent.DocumentId, ct);
        await FetchAsync(recipient, sent.DocumentId, ct);
        await AcknowledgeAsync(recipient, sent.DocumentId, ct);
    }

    private static async Task ReadDeliveryAsync(AsyncServerStreamingCall<InboxEvent> inbox, string documentId, CancellationToken ct)
    {
        Assert.True(await inbox.ResponseStream.MoveNext(ct));
        Assert.Equal(documentId, inbox.ResponseStream.Current.Delivery.DocumentId);
    }

    private static async Task FetchAsync(CallInvoker recipient, string documentId, CancellationToken ct)
    {
        using var fetch = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId }, new(cancellationToken: ct));
        var ends = 0;
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            if (fetch.ResponseStream.Current.ResponseCase == FetchResponse.ResponseOneofCase.PartEnd) ends++;
        }
        Assert.Equal(1, ends);
    }

    private static Task AcknowledgeAsync(CallInvoker recipient, string documentId, CancellationToken ct) =>
        recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus,
            new PostStatusRequest { DocumentId = documentId, StatusCode = ProcessingStatusCode.Arrived }, new CallOptions(cancellationToken: ct));

    private readonly record struct Snapshot(long Statements, long Transactions)
    {
        public static Snapshot Of(StoreActivity activity) => new(activity.Statements, activity.Transactions);

        public static Snapshot operator -(Snapshot a, Snapshot b) => new(a.Statements - b.Statements, a.Transactions - b.Transactions);

        public static Snapshot operator +(Snapshot a, Snapshot b) => new(a.Statements + b.Statements, a.Transactions + b.Transactions);
    }

    /// <summary>One call kind's counts over the documents; every document must cost the same.</summary>
    private sealed class Counted
    {
        private readonly List<Snapshot> _each = [];

        public Snapshot PerDocument => _each.Distinct().Count() == 1
            ? _each[0]
            : throw new Xunit.Sdk.XunitException($"the documents did not all cost the same: {string.Join(", ", _each)}");

        public void Add(Snapshot counted) => _each.Add(counted);

        public override string ToString() => string.Join(", ", _each.Select(s => $"{s.Statements} statements in {s.Transactions} transactions"));
    }
}
