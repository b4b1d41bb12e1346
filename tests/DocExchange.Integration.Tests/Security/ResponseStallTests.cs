using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A client that opens a Fetch and stops reading holds the server back through HTTP/2 flow control. The server resets
/// such a call once its response has not moved for DocExchange:Abuse:ResponseStallTimeoutSeconds, and says so in its
/// log; a reader that is slow but keeps reading, and a subscription that waits for events, are not cut.
/// </summary>
public sealed class ResponseStallTests : IAsyncLifetime
{
    private const int StallSeconds = 2;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync($"--DocExchange:Abuse:ResponseStallTimeoutSeconds={StallSeconds}");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string DocumentId, byte[] Pdf)> SendAsync(string messageId, int paddingBytes)
    {
        var pdf = SamplePdf.Create("Công văn " + messageId, paddingBytes);
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header(messageId, TestServer.H41, pdf), pdf, chunkSize: 64 * 1024);
        return (sent.DocumentId, pdf);
    }

    private AsyncServerStreamingCall<FetchResponse> Fetch(string documentId, CancellationToken ct) =>
        _server.Agency(TestServer.H41).AsyncServerStreamingCall(Exchange.Methods.Fetch, null, new CallOptions(cancellationToken: ct), new FetchRequest { DocumentId = documentId });

    private string[] StallWarnings() =>
        Directory.GetFiles(Path.Combine(_server.DataDirectory, "logs"), "docexchange-*.log")
            .SelectMany(file => { using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)); return reader.ReadToEnd().Split('\n'); })
            .Where(line => line.Contains("could not move for", StringComparison.Ordinal))
            .ToArray();

    [Fact]
    public async Task A_fetch_whose_client_stops_reading_is_reset_and_logged_while_the_server_keeps_serving()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (documentId, pdf) = await SendAsync("stall-reader", paddingBytes: 4 * 1024 * 1024);

        using (var stalled = Fetch(documentId, timeout.Token))
        {
            // Far more than the client's and the server's flow-control windows and buffers: the server's flush waits.
            Assert.True(await stalled.ResponseStream.MoveNext(timeout.Token));
            Assert.Equal(FetchResponse.ResponseOneofCase.Header, stalled.ResponseStream.Current.ResponseCase);
            while (StallWarnings().Length == 0)
            {
                await Task.Delay(200, timeout.Token);
            }

            var warning = Assert.Single(StallWarnings());
            Assert.Contains("docexchange.v1.Exchange/Fetch", warning, StringComparison.Ordinal);
            Assert.Contains("ResponseStallTimeoutSeconds", warning, StringComparison.Ordinal);

            // What was in flight before the reset may still be read; the stream then ends in an error, never in a PartEnd.
            long received = 0;
            var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await stalled.ResponseStream.MoveNext(timeout.Token))
                {
                    Assert.NotEqual(FetchResponse.ResponseOneofCase.PartEnd, stalled.ResponseStream.Current.ResponseCase);
                    received += stalled.ResponseStream.Current.Chunk?.Data.Length ?? 0;
                }
            });
            Assert.NotEqual(StatusCode.OK, failure.StatusCode);
            Assert.True(received < pdf.Length, $"the reset stream still delivered {received} of {pdf.Length} bytes");
        }

        // The server is unharmed: the same document is fetched whole by a reader that reads.
        Assert.Equal(SHA256.HashData(pdf), await FetchHashAsync(documentId, pause: TimeSpan.Zero, timeout.Token));
    }

    [Fact]
    public async Task A_reader_that_is_slow_but_keeps_reading_is_not_cut()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (documentId, pdf) = await SendAsync("slow-reader", paddingBytes: 1024 * 1024);

        // A 64 KiB message every 0.5 s: each of the server's flushes waits about that long, well under the stall timeout.
        Assert.Equal(SHA256.HashData(pdf), await FetchHashAsync(documentId, pause: TimeSpan.FromMilliseconds(500), timeout.Token));
        Assert.Empty(StallWarnings());
    }

    [Fact]
    public async Task A_subscription_waiting_for_events_longer_than_the_stall_timeout_is_not_cut()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var inbox = _server.Agency(TestServer.H41).AsyncServerStreamingCall(
            Exchange.Methods.SubscribeInbox, null, new CallOptions(cancellationToken: timeout.Token), new SubscribeInboxRequest());
        await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, timeout.Token);

        await Task.Delay(TimeSpan.FromSeconds(StallSeconds * 2), timeout.Token);
        var (documentId, _) = await SendAsync("after-idle", paddingBytes: 0);

        var events = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.Delivery?.DocumentId == documentId, timeout.Token);
        Assert.Equal(documentId, events[^1].Delivery.DocumentId);
        Assert.Empty(StallWarnings());
    }

    private async Task<byte[]> FetchHashAsync(string documentId, TimeSpan pause, CancellationToken ct)
    {
        using var call = Fetch(documentId, ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (await call.ResponseStream.MoveNext(ct))
        {
            if (call.ResponseStream.Current.Chunk is { } chunk)
            {
                hash.AppendData(chunk.Data.Span);
                await Task.Delay(pause, ct);
            }
        }

        return hash.GetHashAndReset();
    }
}
