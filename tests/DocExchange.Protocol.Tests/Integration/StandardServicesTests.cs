using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Services;
using DocExchange.Protocol.Health.V1;
using DocExchange.Protocol.Reflection.V1;
using DocExchange.Protocol.V1;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = DocExchange.Protocol.Health.V1.HealthCheckResponse.Types.ServingStatus;
using V1Alpha = DocExchange.Protocol.Reflection.V1Alpha;

namespace DocExchange.Protocol.Tests.Integration;

public sealed class StandardServicesTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Health_check_reports_the_overall_status_and_set_service_statuses()
    {
        await using var server = await StartAsync();
        var health = server.Host.Services.GetRequiredService<HealthService>();
        health.SetStatus("docexchange.v1.Exchange", ServingStatus.NotServing);

        var overall = await server.Calls.UnaryAsync(HealthMethods.Check, new HealthCheckRequest());
        var exchange = await server.Calls.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = "docexchange.v1.Exchange" });
        var unknown = await Assert.ThrowsAsync<RpcException>(
            () => server.Calls.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(ServingStatus.Serving, overall.Status);
        Assert.Equal(ServingStatus.NotServing, exchange.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Health_watch_starts_with_service_unknown_and_streams_each_change()
    {
        await using var server = await StartAsync();
        var health = server.Host.Services.GetRequiredService<HealthService>();
        using var cts = new CancellationTokenSource(Generous);

        using var watch = server.Calls.AsyncServerStreamingCall(
            HealthMethods.Watch, new HealthCheckRequest { Service = "docexchange.v1.Signing" }, new CallOptions(cancellationToken: cts.Token));
        var seen = new List<ServingStatus>();
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        seen.Add(watch.ResponseStream.Current.Status);
        health.SetStatus("docexchange.v1.Signing", ServingStatus.Serving);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        seen.Add(watch.ResponseStream.Current.Status);
        health.SetStatus("docexchange.v1.Signing", ServingStatus.NotServing);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        seen.Add(watch.ResponseStream.Current.Status);
        health.ClearStatus("docexchange.v1.Signing");
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        seen.Add(watch.ResponseStream.Current.Status);

        Assert.Equal([ServingStatus.ServiceUnknown, ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.ServiceUnknown], seen);
    }

    [Fact]
    public async Task Reflection_lists_the_services_of_its_files()
    {
        await using var server = await StartAsync();

        var response = await AskV1Async(server, new ServerReflectionRequest { ListServices = "*" });

        Assert.Equal(
            ["docexchange.v1.Exchange", "docexchange.v1.Signing", "docexchange.v1.Registry", "docexchange.v1.Audit",
             "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"],
            response.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Theory]
    [InlineData("docexchange.v1.Exchange")]
    [InlineData("docexchange.v1.Exchange.Send")]
    [InlineData("docexchange.v1.SendRequest")]
    [InlineData("docexchange.v1.DeliveryKind")]
    public async Task Reflection_returns_the_file_containing_a_symbol_with_its_dependencies(string symbol)
    {
        await using var server = await StartAsync();

        var response = await AskV1Async(server, new ServerReflectionRequest { FileContainingSymbol = symbol });

        var files = response.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Assert.Equal("docexchange/v1/exchange.proto", files[0].Name);
        Assert.Equal(
            ["docexchange/v1/common.proto", "docexchange/v1/exchange.proto", "docexchange/v1/signing.proto", "google/protobuf/timestamp.proto"],
            files.Select(f => f.Name).Order(StringComparer.Ordinal));
        // The bytes are the real descriptors: the Exchange service and its streaming Send are in them.
        var send = files[0].Service.Single(s => s.Name == "Exchange").Method.Single(m => m.Name == "Send");
        Assert.True(send.ClientStreaming);
        Assert.Equal(".docexchange.v1.SendRequest", send.InputType);
    }

    [Fact]
    public async Task Reflection_answers_an_unknown_symbol_with_an_error_response_and_keeps_the_stream_open()
    {
        await using var server = await StartAsync();
        using var call = server.Calls.AsyncDuplexStreamingCall(ReflectionV1Methods.ServerReflectionInfo);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var error = call.ResponseStream.Current;
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileByFilename = "grpc/health/v1/health.proto" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var file = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal((int)StatusCode.NotFound, error.ErrorResponse.ErrorCode);
        Assert.Equal("no.such.Symbol", error.OriginalRequest.FileContainingSymbol);
        Assert.Equal("grpc/health/v1/health.proto", FileDescriptorProto.Parser.ParseFrom(file.FileDescriptorResponse.FileDescriptorProto[0]).Name);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task Reflection_v1alpha_answers_like_v1()
    {
        await using var server = await StartAsync();
        using var call = server.Calls.AsyncDuplexStreamingCall(ReflectionV1AlphaMethods.ServerReflectionInfo);

        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { Host = "h", FileContainingSymbol = "docexchange.v1.Registry" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var response = call.ResponseStream.Current;

        Assert.Equal("h", response.ValidHost);
        Assert.Equal("docexchange/v1/registry.proto", FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]).Name);
    }

    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())),
            configureGrpc: grpc => grpc.AddHealthService().AddReflectionService());

    private static async Task<ServerReflectionResponse> AskV1Async(TestServer server, ServerReflectionRequest request)
    {
        using var call = server.Calls.AsyncDuplexStreamingCall(ReflectionV1Methods.ServerReflectionInfo);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var response = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        return response;
    }
}
