using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Tests.Integration;

public sealed class DeadlineAndCancellationTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_passed_deadline_ends_the_call_with_deadline_exceeded_and_cancels_the_handler()
    {
        var handlerCancelled = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            async (_, context) =>
            {
                using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult(context.Deadline));
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return new Agency();
            }));

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(
            RegistryMethods.GetAgency,
            new GetAgencyRequest(),
            new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300))));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        var serverDeadline = await handlerCancelled.Task.WaitAsync(Generous);
        Assert.NotEqual(DateTime.MaxValue, serverDeadline);
    }

    [Fact]
    public async Task The_server_itself_answers_deadline_exceeded_while_a_handler_ignores_its_token()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            async (_, _) =>
            {
                // Ignores its token on purpose: the server must still end the call at the deadline.
                await release.Task;
                return new Agency();
            }));
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, RawGrpc.Frame(new GetAgencyRequest()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "100m");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        release.SetResult();

        Assert.Equal("4", RawGrpc.GrpcStatus(response));
    }

    [Fact]
    public async Task A_deadline_already_in_the_past_fails_without_reaching_the_server()
    {
        var reached = false;
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            (_, _) =>
            {
                reached = true;
                return Task.FromResult(new Agency());
            }));

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(
            RegistryMethods.GetAgency, new GetAgencyRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1))));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.False(reached);
    }

    [Fact]
    public async Task Client_cancellation_is_cancelled_on_the_client_and_seen_by_the_server()
    {
        var serverSawCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(b => b.AddServerStreaming(
            ExchangeMethods.Fetch,
            async (_, responses, context) =>
            {
                await responses.WriteAsync(new FetchResponse());
                using var registration = context.CancellationToken.Register(serverSawCancellation.SetResult);
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }));
        using var cts = new CancellationTokenSource();

        using var call = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest(), new CallOptions(cancellationToken: cts.Token));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await serverSawCancellation.Task.WaitAsync(Generous);
    }

    [Fact]
    public async Task Disposing_a_call_resets_it_and_the_server_sees_the_cancellation()
    {
        var serverSawCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(b => b.AddClientStreaming(
            ExchangeMethods.Send,
            async (requests, context) =>
            {
                using var registration = context.CancellationToken.Register(serverSawCancellation.SetResult);
                await requests.MoveNext(context.CancellationToken);
                started.SetResult();
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return new SendResponse();
            }));

        var call = server.Calls.AsyncClientStreamingCall(ExchangeMethods.Send);
        await call.RequestStream.WriteAsync(new SendRequest());
        await started.Task.WaitAsync(Generous);
        call.Dispose();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await serverSawCancellation.Task.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_channel_default_timeout_applies_to_calls_without_a_deadline()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, async (_, context) =>
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return new Agency();
            }),
            channelOptions: new GrpcChannelOptions { DefaultTimeout = TimeSpan.FromMilliseconds(200) });

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }
}
