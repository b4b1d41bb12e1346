using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>Recipient updates (business type 2), replacement (type 3) and fan-out over real Kestrel.</summary>
public sealed class BusinessOperationTests : IAsyncLifetime
{
    private const string H30 = "000.00.00.H30";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An agency without a sample certificate, through the development caller header on the loopback plaintext endpoint.</summary>
    private CallInvoker AgencyWithoutCertificate(string code, out CallOptions options, CancellationToken ct)
    {
        options = new CallOptions(headers: new Metadata { { "x-docexchange-dev-caller", "agency:" + code } }, cancellationToken: ct);
        return _server.Plaintext();
    }

    private Task RegisterAsync(string code, string name) =>
        _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = code, Name = name });

    [Fact]
    public async Task Added_agency_receives_the_document_live_and_a_removed_one_is_notified_then_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var sender = _server.Agency(TestServer.G22);
        await RegisterAsync(H30, "UBND tỉnh Hậu Giang");
        var pdf = SamplePdf.Create("Cong van bo sung noi nhan");
        var sent = await Exchanges.SendAsync(sender, Exchanges.Header("m-1", TestServer.H41, pdf), pdf);

        var h30 = AgencyWithoutCertificate(H30, out var h30Options, ct);
        using var h30Inbox = h30.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), h30Options);
        Assert.Single(await Exchanges.ReadUntilAsync(h30Inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct));
        using var h41Inbox = _server.Agency(TestServer.H41).AsyncServerStreamingCall(
            Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        Assert.Equal(2, (await Exchanges.ReadUntilAsync(h41Inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct)).Count);

        var added = await sender.UnaryAsync(Protocol.V1.Exchange.Methods.UpdateRecipients,
            new UpdateRecipientsRequest { DocumentId = sent.DocumentId, Add = { H30 }, Reason = "Bổ sung nơi nhận" });
        Assert.Equal([TestServer.H41, H30], added.Recipients);
        Assert.True(await h30Inbox.ResponseStream.MoveNext(ct));
        var delivery = h30Inbox.ResponseStream.Current.Delivery;
        Assert.Equal((sent.DocumentId, DeliveryKind.Document, true), (delivery.DocumentId, delivery.Kind, delivery.Pending));
        Assert.Equal("main", delivery.Parts.Single().PartId);

        var removed = await sender.UnaryAsync(Protocol.V1.Exchange.Methods.UpdateRecipients,
            new UpdateRecipientsRequest { DocumentId = sent.DocumentId, Remove = { TestServer.H41 }, Reason = "Gửi nhầm nơi nhận" });
        Assert.Equal([H30], removed.Recipients);
        Assert.True(await h41Inbox.ResponseStream.MoveNext(ct));
        var notice = h41Inbox.ResponseStream.Current.Delivery;
        Assert.Equal((sent.DocumentId, DeliveryKind.RecipientRemoved, "Gửi nhầm nơi nhận", false),
            (notice.DocumentId, notice.Kind, notice.Reason, notice.Pending));

        using var fetch = _server.Agency(TestServer.H41).AsyncServerStreamingCall(
            Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }, new(cancellationToken: ct));
        var error = await Assert.ThrowsAsync<RpcException>(() => fetch.ResponseStream.MoveNext(ct));
        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        var received = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
        Assert.Empty(received.Documents);
        var listed = Assert.Single((await sender.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest())).Documents);
        Assert.Equal([H30], listed.Recipients);

        var trail = new List<AuditEventEntry>();
        using var query = _server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents,
            new QueryEventsRequest { DocumentId = sent.DocumentId, Actions = { "document.recipients_updated" } }, new(cancellationToken: ct));
        while (await query.ResponseStream.MoveNext(ct)) trail.Add(query.ResponseStream.Current);
        Assert.Equal(2, trail.Count);
    }

    [Fact]
    public async Task A_replacing_document_names_the_replaced_one_for_its_recipients_and_cannot_replace_another_senders()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var sender = _server.Agency(TestServer.G22);
        var pdf = SamplePdf.Create("Cong van goc");
        var original = await Exchanges.SendAsync(sender, Exchanges.Header("m-1", TestServer.H41, pdf), pdf);

        var replacementPdf = SamplePdf.Create("Cong van thay the");
        var header = Exchanges.Header("m-2", TestServer.H41, replacementPdf, number: "7817");
        header.Document.Business = new Business
        {
            BusinessDocType = BusinessDocType.Replace,
            BusinessDocReason = "Thay thế văn bản sai sót",
            ReplacedDocumentIds = { original.DocumentId },
        };
        var replacing = await Exchanges.SendAsync(sender, header, replacementPdf);

        using var inbox = _server.Agency(TestServer.H41).AsyncServerStreamingCall(
            Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
        var delivery = backlog.Single(e => e.Delivery?.DocumentId == replacing.DocumentId).Delivery;
        Assert.Equal(BusinessDocType.Replace, delivery.Header.Business.BusinessDocType);
        Assert.Equal([original.DocumentId], delivery.Header.Business.ReplacedDocumentIds);
        // Both stay listed: DocumentSummary has no "replaced" field; the link is on the replacing document's header.
        var received = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
        Assert.Equal([replacing.DocumentId, original.DocumentId], received.Documents.Select(d => d.DocumentId));
        Assert.Equal([original.DocumentId], received.Documents[0].Header.Business.ReplacedDocumentIds);

        var foreignPdf = SamplePdf.Create("Khong duoc thay the");
        var foreign = Exchanges.Header("h41-1", TestServer.G22, foreignPdf, number: "12");
        foreign.Document.Business = new Business { BusinessDocType = BusinessDocType.Replace, ReplacedDocumentIds = { original.DocumentId } };
        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.H41), foreign, foreignPdf));
        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Contains("which this one replaces", error.Status.Detail);
    }

    [Fact]
    public async Task One_send_to_fifty_agencies_reaches_all_fifty_inboxes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var codes = Enumerable.Range(1, 50).Select(i => $"000.00.{i:00}.H30").ToList();
        foreach (var code in codes) await RegisterAsync(code, "Sở " + code);
        var pdf = SamplePdf.Create("Cong van gui 50 co quan");
        var header = Exchanges.Header("fan-out", codes[0], pdf);
        header.Document.To.AddRange(codes.Skip(1).Select(c => new Organization { OrganId = c }));

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf);

        Assert.Equal(codes, sent.Recipients);
        var inboxes = codes.Select(async code =>
        {
            var client = AgencyWithoutCertificate(code, out var options, ct);
            using var inbox = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), options);
            var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
            return backlog.Where(e => e.Delivery is not null).Select(e => e.Delivery.DocumentId).ToList();
        });
        foreach (var deliveries in await Task.WhenAll(inboxes))
        {
            Assert.Equal([sent.DocumentId], deliveries);
        }
    }
}
