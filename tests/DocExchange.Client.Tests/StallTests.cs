using System.Diagnostics;
using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>
/// Transfers through a relay that freezes (reads and forwards nothing more, the connection staying open) or slows to a
/// trickle: a stalled attempt (of a fetch, a send, a seal or a verify) is abandoned after
/// <see cref="DocExchangeClientOptions.StallTimeout"/> and retried, a slow one that keeps moving is not, and the caller's
/// cancellation stays a cancellation.
/// </summary>
public sealed class StallTests : ServerTest
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The sample seals and TSA, for the seals' transfers.</summary>
    private protected override string[] ServerArguments => LoopbackServer.SigningArguments;

    /// <summary>
    /// A client of <paramref name="code"/> connected through <paramref name="relay"/> (its connection already open),
    /// with a short stall timeout and, when given, its retries recorded or limited.
    /// </summary>
    private async Task<DocExchangeClient> ThroughRelayAsync(
        string code, TcpRelay relay, List<RetryAttempt>? retries = null, int? maxAttempts = null, TimeSpan? stallTimeout = null, string? stallTimeoutSetting = null)
    {
        var client = Server.Agency(code, o =>
        {
            o.StallTimeout = stallTimeout ?? StallTimeout;
            if (stallTimeoutSetting is not null) o.StallTimeoutSetting = stallTimeoutSetting;
            if (retries is not null) o.Retry.OnRetry = retries.Add;
            if (maxAttempts is { } attempts) o.Retry.MaxAttempts = attempts;
        }, relay.TlsAddress);
        await client.GetAgencyAsync(code == LoopbackServer.G22 ? LoopbackServer.H41 : LoopbackServer.G22, Timeout);
        return client;
    }

    [Fact]
    public async Task A_fetch_that_stops_receiving_fails_after_the_stall_timeout_as_unavailable_naming_the_option()
    {
        var content = TestContent.LargePdf(2_000_000, seed: 301);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("301", content), cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var progress = new List<TransferProgress>();
        var recipient = await ThroughRelayAsync(LoopbackServer.H41, relay, maxAttempts: 1);
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DocExchangeException>(
            () => recipient.FetchAsync(sent.DocumentId, new MemoryStream(), progress: new ListProgress(progress), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal("Fetch", error.Operation);
        Assert.Contains($"no data for 1 s from the server during Fetch of {sent.DocumentId}", error.Detail);
        Assert.Contains("DocExchangeClientOptions.StallTimeout", error.Detail);
        Assert.InRange(clock.Elapsed, StallTimeout, TimeSpan.FromSeconds(15));
        // It stalled in the middle of the content, not before it.
        Assert.NotEmpty(progress);
        Assert.InRange(progress[^1].BytesTransferred, 1, content.Length - 1);
    }

    [Fact]
    public async Task A_stalled_fetch_is_retried_on_a_new_connection_and_completes()
    {
        var content = TestContent.LargePdf(2_000_000, seed: 302);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("302", content), cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var recipient = await ThroughRelayAsync(LoopbackServer.H41, relay, retries);
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);

        var fetched = new MemoryStream();
        await recipient.FetchAsync(sent.DocumentId, fetched, cancellationToken: Timeout);

        Assert.Equal(content, fetched.ToArray());
        var first = retries[0];
        Assert.Equal(("Fetch", GrpcStatusCode.Unavailable), (first.Operation, first.StatusCode));
        Assert.Contains($"no data for 1 s from the server during Fetch of {sent.DocumentId}", first.Message);
        Assert.True(relay.AcceptedConnections >= 2);
    }

    [Fact]
    public async Task A_stalled_fetch_of_every_part_to_a_folder_is_retried_and_completes()
    {
        var content = TestContent.LargePdf(1_500_000, seed: 303);
        var annex = TestContent.Random(500_000, seed: 304);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("303", content).Attach(annex, "phu-luc.bin"), cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var recipient = await ThroughRelayAsync(LoopbackServer.H41, relay, retries);
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);

        var fetched = await recipient.FetchAllAsync(sent.DocumentId, Temp.File("all"), cancellationToken: Timeout);

        Assert.Equal(content, File.ReadAllBytes(fetched.Files[OutgoingDocumentBuilder.MainPartId]));
        Assert.Equal(annex, File.ReadAllBytes(fetched.Files["att-1"]));
        Assert.Contains($"no data for 1 s from the server during Fetch of {sent.DocumentId}", retries[0].Message);
    }

    [Fact]
    public async Task A_stalled_package_fetch_is_retried_and_completes()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("305", TestContent.LargePdf(2_000_000, seed: 305)), cancellationToken: Timeout);
        var expected = new MemoryStream();
        await Server.Agency(LoopbackServer.H41).FetchPackageAsync(sent.DocumentId, expected, cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var recipient = await ThroughRelayAsync(LoopbackServer.H41, relay, retries);
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);

        var fetched = new MemoryStream();
        await recipient.FetchPackageAsync(sent.DocumentId, fetched, cancellationToken: Timeout);

        Assert.True(expected.Length > 2_000_000);
        Assert.Equal(expected.Length, fetched.Length);
        Assert.Equal(("FetchPackage", GrpcStatusCode.Unavailable), (retries[0].Operation, retries[0].StatusCode));
        Assert.Contains($"no data for 1 s from the server during FetchPackage of {sent.DocumentId}", retries[0].Message);
    }

    [Fact]
    public async Task A_send_whose_upload_stalls_is_retried_on_a_new_connection_and_stores_one_document()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var sender = await ThroughRelayAsync(LoopbackServer.G22, relay, retries);
        relay.FreezeAfter(RelayDirection.ToServer, 300_000);
        var document = Document("306", TestContent.LargePdf(4_000_000, seed: 306)).WithMessageId("qlvb-2024-000306");

        var sent = await sender.SendAsync(document, cancellationToken: Timeout);

        var first = retries[0];
        Assert.Equal(("Send", GrpcStatusCode.Unavailable), (first.Operation, first.StatusCode));
        Assert.Contains("no write completed for 1 s to the server during Send of message qlvb-2024-000306", first.Message);
        Assert.True(relay.AcceptedConnections >= 2);
        var listed = Assert.Single((await Server.Agency(LoopbackServer.G22).ListSentAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal(sent.DocumentId, listed.DocumentId);
    }

    [Fact]
    public async Task A_package_send_whose_upload_stalls_fails_after_the_stall_timeout_naming_the_setting_the_application_gave()
    {
        var package = new MemoryStream();
        await Server.Agency(LoopbackServer.G22).FetchPackageAsync(
            (await Server.Agency(LoopbackServer.G22).SendAsync(Document("307", TestContent.LargePdf(4_000_000, seed: 307)), cancellationToken: Timeout)).DocumentId,
            package, cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var sender = await ThroughRelayAsync(LoopbackServer.G22, relay, maxAttempts: 1, stallTimeoutSetting: "EXAMPLE_STALL_SECONDS");
        relay.FreezeAfter(RelayDirection.ToServer, 300_000);
        package.Position = 0;

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendPackageAsync(package, "edxml-307-again", cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("no write completed for 1 s to the server during SendPackage of message edxml-307-again", error.Detail);
        Assert.Contains("abandoned (EXAMPLE_STALL_SECONDS)", error.Detail);
        Assert.DoesNotContain("DocExchangeClientOptions", error.Detail);
    }

    [Fact]
    public async Task A_seal_whose_upload_stalls_fails_after_the_stall_timeout_as_unavailable()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sealer = await ThroughRelayAsync(LoopbackServer.G22, relay, maxAttempts: 1);
        relay.FreezeAfter(RelayDirection.ToServer, 300_000);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DocExchangeException>(
            () => sealer.SealAsync(new MemoryStream(TestContent.LargePdf(2_000_000, seed: 310)), new MemoryStream(), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("nothing moved for 1 s between the client and the server during Sign of the PDF; the stalled transfer was abandoned", error.Detail);
        Assert.InRange(clock.Elapsed, StallTimeout, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_seal_whose_sealed_pdf_stalls_on_its_way_back_is_retried_on_a_new_connection_and_completes()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var sealer = await ThroughRelayAsync(LoopbackServer.G22, relay, retries);
        // Before the sealed PDF, only small frames (window updates, headers) go to the client.
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);
        var output = new MemoryStream();

        var result = await sealer.SealAsync(new MemoryStream(TestContent.LargePdf(2_000_000, seed: 311)), output, cancellationToken: Timeout);

        Assert.Equal(result.Sha256.ToByteArray(), System.Security.Cryptography.SHA256.HashData(output.ToArray()));
        var first = retries[0];
        Assert.Equal(("Sign", GrpcStatusCode.Unavailable), (first.Operation, first.StatusCode));
        Assert.Contains("nothing moved for 1 s between the client and the server during Sign of the PDF", first.Message);
        Assert.True(relay.AcceptedConnections >= 2);
    }

    [Fact]
    public async Task A_verify_whose_upload_stalls_fails_after_the_stall_timeout_as_unavailable()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var verifier = await ThroughRelayAsync(LoopbackServer.G22, relay, maxAttempts: 1);
        relay.FreezeAfter(RelayDirection.ToServer, 300_000);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DocExchangeException>(
            () => verifier.VerifyAsync(new MemoryStream(TestContent.LargePdf(2_000_000, seed: 312)), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("no write completed for 1 s to the server during Verify of the PDF; the stalled transfer was abandoned", error.Detail);
        Assert.InRange(clock.Elapsed, StallTimeout, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_slow_fetch_that_keeps_receiving_is_not_abandoned()
    {
        var content = TestContent.LargePdf(1_000_000, seed: 308);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("308", content), cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        // At most 16 KiB per 50 ms, about 320 KB/s: a 64 KiB message every quarter second or so, far more often than
        // the stall timeout, and the whole well over twice the stall timeout.
        relay.TrickleToClient(16 * 1024, TimeSpan.FromMilliseconds(50));
        var retries = new List<RetryAttempt>();
        var recipient = Server.Agency(LoopbackServer.H41, o =>
        {
            o.StallTimeout = StallTimeout;
            o.Retry.OnRetry = retries.Add;
        }, relay.TlsAddress);

        var clock = Stopwatch.StartNew();
        var fetched = new MemoryStream();
        await recipient.FetchAsync(sent.DocumentId, fetched, cancellationToken: Timeout);

        Assert.Equal(content, fetched.ToArray());
        Assert.Empty(retries);
        Assert.Equal(1, relay.AcceptedConnections);
        // Longer than the stall timeout, several times over: only progress kept it going.
        Assert.True(clock.Elapsed > 2 * StallTimeout, $"the fetch took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_a_stalled_fetch_is_reported_as_a_cancellation_not_a_stall()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("309", TestContent.LargePdf(2_000_000, seed: 309)), cancellationToken: Timeout);
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        // Long enough that the cancellation, half a second after the content stops, comes first even on a busy machine.
        var stallTimeout = TimeSpan.FromSeconds(5);
        var recipient = await ThroughRelayAsync(LoopbackServer.H41, relay, retries, stallTimeout: stallTimeout);
        relay.FreezeAfter(RelayDirection.ToClient, 300_000);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var firstReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var fetching = recipient.FetchAsync(sent.DocumentId, new MemoryStream(), progress: new FirstReport(firstReport), cancellationToken: caller.Token);
        await firstReport.Task.WaitAsync(Timeout);
        caller.CancelAfter(TimeSpan.FromMilliseconds(500));

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetching);
        Assert.Equal(caller.Token, cancelled.CancellationToken);
        Assert.Empty(retries);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void A_stall_timeout_that_is_not_positive_is_refused(int milliseconds)
    {
        var options = Server.OptionsFor("agency-G22.pfx");
        options.StallTimeout = TimeSpan.FromMilliseconds(milliseconds);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DocExchangeClient(options));

        Assert.Contains("DocExchangeClientOptions.StallTimeout must be positive, or null for none", error.Message);
    }

    [Fact]
    public void Transfers_are_watched_for_stalls_by_default_and_can_be_left_unwatched()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new DocExchangeClientOptions().StallTimeout);

        var options = Server.OptionsFor("agency-G22.pfx");
        options.StallTimeout = null;
        using var client = new DocExchangeClient(options);
        Assert.Null(client.Options.StallTimeout);
    }

    private sealed class FirstReport(TaskCompletionSource reported) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reported.TrySetResult();
    }

    private sealed class ListProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
