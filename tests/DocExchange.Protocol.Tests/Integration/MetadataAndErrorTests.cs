using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Tests.Integration;

public sealed class MetadataAndErrorTests
{
    private static readonly byte[] Binary = [0, 1, 2, 0xFE, 0xFF, (byte)',', (byte)'='];

    [Fact]
    public async Task Metadata_with_binary_values_travels_both_ways_with_custom_trailers()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            async (request, context) =>
            {
                var correlation = context.RequestHeaders.GetValue("x-correlation-id")!;
                var blob = context.RequestHeaders.GetValueBytes("x-blob-bin")!;
                await context.WriteResponseHeadersAsync(new Metadata { { "x-echo", correlation }, { "x-echo-bin", blob } });
                context.ResponseTrailers.Add("x-audit-seq", "42");
                context.ResponseTrailers.Add("x-digest-bin", [.. blob.Reverse()]);
                return new Agency { Code = request.Code };
            }));

        var headers = new Metadata { { "X-Correlation-Id", "corr-7" }, { "x-blob-bin", Binary } };
        using var call = server.Calls.AsyncUnaryCall(RegistryMethods.GetAgency, new GetAgencyRequest { Code = "c" }, new CallOptions(headers));
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal("corr-7", responseHeaders.GetValue("x-echo"));
        Assert.Equal(Binary, responseHeaders.GetValueBytes("x-echo-bin"));
        Assert.Equal("42", trailers.GetValue("x-audit-seq"));
        Assert.Equal(Binary.Reverse(), trailers.GetValueBytes("x-digest-bin"));
        Assert.DoesNotContain(trailers, e => e.Key.StartsWith("grpc-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handler_rpc_exception_reaches_the_client_with_its_non_ascii_message_and_trailers()
    {
        const string detail = "Không tìm thấy cơ quan 000.00.18.G12 (100% chắc chắn)";
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            (_, _) => throw new RpcException(new Status(StatusCode.NotFound, detail), new Metadata { { "x-reason", "unknown-code" } })));

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest { Code = "000.00.18.G12" }));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
        Assert.Equal("unknown-code", ex.Trailers.GetValue("x-reason"));
    }

    [Fact]
    public async Task A_status_set_by_the_handler_is_sent_after_the_streamed_messages()
    {
        await using var server = await TestServer.StartAsync(b => b.AddServerStreaming(
            ExchangeMethods.Fetch,
            async (_, responses, context) =>
            {
                await responses.WriteAsync(new FetchResponse());
                context.Status = new Status(StatusCode.FailedPrecondition, "document recalled");
            }));

        using var call = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest());

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("document recalled", call.GetStatus().Detail);
    }

    [Fact]
    public async Task An_unexpected_handler_exception_is_unknown_and_its_details_stay_on_the_server()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            (_, _) => throw new InvalidOperationException("connection string Password=hunter2")));

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("hunter2", ex.Status.Detail);
        Assert.DoesNotContain("InvalidOperationException", ex.Status.Detail);
    }

    [Fact]
    public async Task Detailed_errors_when_enabled_name_the_exception()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (_, _) => throw new InvalidOperationException("boom")),
            o => o.EnableDetailedErrors = true);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Contains("InvalidOperationException: boom", ex.Status.Detail);
    }

    [Fact]
    public async Task An_unbound_method_and_an_unknown_service_are_unimplemented()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())));

        var method = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(RegistryMethods.RegisterAgency, new RegisterAgencyRequest()));
        var service = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(AuditMethods.GetLogInfo, new GetLogInfoRequest()));

        Assert.Equal(StatusCode.Unimplemented, method.StatusCode);
        Assert.Contains("RegisterAgency", method.Status.Detail);
        Assert.Equal(StatusCode.Unimplemented, service.StatusCode);
        Assert.Contains("docexchange.v1.Audit", service.Status.Detail);
    }

    [Fact]
    public async Task Interceptors_run_in_order_around_the_handler_and_can_reject_a_call()
    {
        var log = new List<string>();
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, context) =>
            {
                log.Add("handler:" + context.UserState["caller"]);
                return Task.FromResult(new Agency { Code = r.Code });
            }),
            configureGrpc: grpc => grpc
                .AddInterceptor(new RecordingInterceptor("outer", log))
                .AddInterceptor(new RequireCallerInterceptor(log)));

        await server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest(), new CallOptions(new Metadata { { "x-caller", "000.00.18.G12" } }));
        var rejected = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.Unauthenticated, rejected.StatusCode);
        Assert.Equal(
            ["outer:before /docexchange.v1.Registry/GetAgency", "caller", "handler:000.00.18.G12", "outer:after",
             "outer:before /docexchange.v1.Registry/GetAgency", "caller", "outer:after"],
            log);
    }

    [Fact]
    public async Task Start_up_fails_listing_the_methods_without_a_handler()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())),
            o => o.RequiredServiceFiles.Add(RegistryReflection.Descriptor)));

        Assert.Contains("/docexchange.v1.Registry/RegisterAgency", ex.Message);
        Assert.Contains("/docexchange.v1.Registry/PublishCrl", ex.Message);
        Assert.DoesNotContain("GetAgency", ex.Message);
    }

    private sealed class RecordingInterceptor(string name, List<string> log) : IGrpcServerInterceptor
    {
        public async Task InterceptAsync(ServerCallContext context, Func<Task> next)
        {
            log.Add($"{name}:before {context.Method}");
            try
            {
                await next();
            }
            finally
            {
                log.Add($"{name}:after");
            }
        }
    }

    private sealed class RequireCallerInterceptor(List<string> log) : IGrpcServerInterceptor
    {
        public Task InterceptAsync(ServerCallContext context, Func<Task> next)
        {
            log.Add("caller");
            var caller = context.RequestHeaders.GetValue("x-caller")
                ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "No caller."));
            context.UserState["caller"] = caller;
            return next();
        }
    }
}
