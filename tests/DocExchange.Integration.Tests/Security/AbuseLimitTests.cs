using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>Per-caller rate and concurrency limits, request idle timeouts, chunk rules and header limits.</summary>
public sealed class AbuseLimitTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            // A slow refill: 30 calls in a row overrun the burst unless they take 20 s, which no busy machine does.
            "--DocExchange:Abuse:CallsPerSecond=1",
            "--DocExchange:Abuse:CallBurst=10",
            "--DocExchange:Abuse:MaxConcurrentCallsPerCaller=3",
            "--DocExchange:Abuse:RequestIdleTimeoutSeconds=1");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_caller_starting_more_calls_than_its_burst_is_refused_with_resource_exhausted_naming_the_rate_limit_while_others_are_not()
    {
        var flooder = _server.Agency(TestServer.G22);
        var statuses = new List<GrpcStatusCode>();
        string? message = null;
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await flooder.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
                statuses.Add(GrpcStatusCode.OK);
            }
            catch (RpcException e)
            {
                statuses.Add(e.StatusCode);
                message ??= e.Status.Detail;
            }
        }

        Assert.Contains(GrpcStatusCode.OK, statuses);
        Assert.Contains(GrpcStatusCode.ResourceExhausted, statuses);
        Assert.All(statuses, s => Assert.True(s is GrpcStatusCode.OK or GrpcStatusCode.ResourceExhausted, s.ToString()));
        Assert.Contains("Rate limit", message, StringComparison.Ordinal);
        Assert.Contains("DocExchange:Abuse:CallsPerSecond", message, StringComparison.Ordinal);
        await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task A_caller_with_as_many_open_streams_as_allowed_is_refused_another_with_resource_exhausted_naming_the_concurrency_limit()
    {
        using var cancel = new CancellationTokenSource();
        var agency = _server.Agency(TestServer.H41);
        var open = new List<AsyncServerStreamingCall<InboxEvent>>();
        for (var i = 0; i < 3; i++)
        {
            var call = agency.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: cancel.Token));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None)); // caught up: the subscription is open
            open.Add(call);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("DocExchange:Abuse:MaxConcurrentCallsPerCaller", error.Status.Detail, StringComparison.Ordinal);
        await cancel.CancelAsync();
        foreach (var call in open)
        {
            call.Dispose();
        }
    }

    [Fact]
    public async Task An_upload_that_pauses_between_chunks_longer_than_the_idle_timeout_is_ended_with_deadline_exceeded()
    {
        var pdf = SamplePdf.Create("Never finished");
        using var call = _server.Agency(TestServer.G22).AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send);
        await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("idle-1", TestServer.H41, pdf) });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("sent nothing for 1 s", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_that_stalls_in_the_middle_of_a_message_is_ended_with_deadline_exceeded()
    {
        using var release = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var partial = RawGrpc.Frame(new byte[10], compressed: false, declaredLength: 1000);

        var (status, message) = await RawGrpc.CallAsync(_server.Server.PlaintextAddress!, Protocol.V1.Exchange.Methods.Send.FullName,
            new StallingContent(partial, release.Token), "agency:" + TestServer.G22, null, timeout.Token);
        await release.CancelAsync();

        Assert.Equal((int)GrpcStatusCode.DeadlineExceeded, status);
        Assert.Contains("in the middle of a message", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_idle_for_longer_than_the_request_idle_timeout_stays_open_and_delivers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var inbox = _server.Agency(TestServer.H41).AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: timeout.Token));
        Assert.True(await inbox.ResponseStream.MoveNext(timeout.Token));

        await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        var pdf = SamplePdf.Create("After a quiet while");
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("quiet-1", TestServer.H41, pdf), pdf);

        Assert.True(await inbox.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(sent.DocumentId, inbox.ResponseStream.Current.Delivery.DocumentId);
    }

    [Fact]
    public async Task An_empty_content_chunk_is_refused_with_invalid_argument()
    {
        var pdf = SamplePdf.Create("Empty chunk");
        using var call = _server.Agency(TestServer.G22).AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send);
        await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("empty-chunk", TestServer.H41, pdf) });
        await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.Empty } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("carries no data", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_one_byte_chunks_is_refused_long_before_the_declared_size_is_reached()
    {
        var pdf = SamplePdf.Create("Tiny chunks").Concat(new byte[200_000]).ToArray();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("tiny-chunks", TestServer.H41, pdf), pdf, chunkSize: 1));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("chunks of at least 1024 bytes", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_headers_larger_than_the_limit_fail_the_call_and_the_server_keeps_serving()
    {
        var headers = new Metadata { { "x-padding", new string('a', 20_000) } };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _server.As(null).UnaryAsync(HealthMethods.Check, new Grpc.Health.V1.HealthCheckRequest(), new(headers: headers)));

        Assert.NotEqual(GrpcStatusCode.OK, error.StatusCode);
        await _server.As(null).UnaryAsync(HealthMethods.Check, new Grpc.Health.V1.HealthCheckRequest());
    }
}
