using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>Exchange.Send validates the main PDF at the door; with the official-document policy Required, it refuses what fails it.</summary>
public sealed class SendVerificationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync("--DocExchange:Signing:Policy=Required");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_unsigned_PDF_is_refused_with_failed_precondition_saying_what_is_missing_and_nothing_is_stored()
    {
        var pdf = SamplePdf.Create("Unsigned");
        var sender = _server.Agency(TestServer.G22);

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(sender, Exchanges.Header("unsigned-1", TestServer.H41, pdf), pdf));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("No personal signature", error.Status.Detail);
        Assert.Contains("No agency signature", error.Status.Detail);
        var report = ValidationReport.Parser.ParseFrom(error.Trailers.GetValueBytes("docexchange-validation-report-bin"));
        Assert.False(report.Policy.Satisfied);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_PDF_signed_by_the_person_only_is_refused_and_nothing_is_stored()
    {
        var pdf = await Signatures.SignLocallyAsync(SamplePdf.Create("Person only"), "signer-G22.pfx");

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("person-1", TestServer.H41, pdf), pdf));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.DoesNotContain("No personal signature", error.Status.Detail);
        Assert.Contains("No agency signature (seal, a certificate with QcType eseal) of the sending agency 000.00.00.G22", error.Status.Detail);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_person_and_seal_signed_PDF_is_accepted_and_its_report_reaches_the_sender_the_recipients_inbox_and_fetch()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var pdf = await Signatures.OfficialDocumentOfG22Async(_server, "Cong van chinh thuc");

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("official-1", TestServer.H41, pdf), pdf);

        AssertOfficial(sent.Validation);
        var recipient = _server.Agency(TestServer.H41);
        using var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        var events = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
        var delivery = events.Single(e => e.Delivery is not null).Delivery;
        Assert.Equal(sent.DocumentId, delivery.DocumentId);
        Assert.Equal(sent.Validation, delivery.Validation);

        using var fetch = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }, new(cancellationToken: ct));
        Assert.True(await fetch.ResponseStream.MoveNext(ct));
        Assert.Equal(sent.Validation, fetch.ResponseStream.Current.Header.Validation);
    }

    [Fact]
    public async Task A_main_part_that_is_not_a_PDF_is_refused_with_invalid_argument()
    {
        var notPdf = "Hello, this is plain text."u8.ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("text-1", TestServer.H41, notPdf), notPdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("is not a PDF", error.Status.Detail);
        await AssertNothingStoredAsync();
    }

    private static void AssertOfficial(ValidationReport report)
    {
        Assert.NotNull(report);
        Assert.True(report.Policy.Satisfied, string.Join("; ", report.Policy.Reasons));
        Assert.Equal([SignatureKind.Personal, SignatureKind.Agency], report.Signatures.Select(s => s.Kind));
        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
        Assert.Equal(TestServer.G22, report.Signatures[1].Signer.OrganId);
    }

    private async Task AssertNothingStoredAsync()
    {
        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
        var received = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
        Assert.Empty(sent.Documents);
        Assert.Empty(received.Documents);
        // Neither a blob nor a temporary file of one: validation's read of the main PDF also wrote it to the blob store.
        Assert.Empty(Directory.GetFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories));
    }
}
