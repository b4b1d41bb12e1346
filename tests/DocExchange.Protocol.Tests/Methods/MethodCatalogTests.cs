using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Tests.Methods;

public sealed class MethodCatalogTests
{
    private static readonly IReadOnlyList<IGrpcMethod> Catalog =
    [
        .. ExchangeMethods.All,
        .. SigningMethods.All,
        .. RegistryMethods.All,
        .. AuditMethods.All,
        .. HealthMethods.All,
        .. ReflectionV1Methods.All,
        .. ReflectionV1AlphaMethods.All,
    ];

    [Fact]
    public void Every_rpc_of_every_proto_has_exactly_one_catalog_entry_with_matching_shape()
    {
        var rpcs = ProtocolDescriptors.All.SelectMany(f => f.Services).SelectMany(s => s.Methods).ToList();

        Assert.Equal(rpcs.Count, Catalog.Count);
        foreach (var rpc in rpcs)
        {
            var entry = Assert.Single(Catalog, m => m.FullName == "/" + rpc.Service.FullName + "/" + rpc.Name);
            Assert.Same(rpc, entry.Descriptor);
            Assert.Equal(rpc.IsClientStreaming, entry.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming);
            Assert.Equal(rpc.IsServerStreaming, entry.Type is MethodType.ServerStreaming or MethodType.DuplexStreaming);
        }
    }

    [Fact]
    public void Catalog_entries_carry_the_proto_message_types()
    {
        Assert.Equal(SendRequest.Descriptor, ExchangeMethods.Send.Descriptor.InputType);
        Assert.Same(SendRequest.Parser, ExchangeMethods.Send.RequestParser);
        Assert.Same(SendResponse.Parser, ExchangeMethods.Send.ResponseParser);
        Assert.Same(ValidationReport.Parser, SigningMethods.Verify.ResponseParser);
    }

    [Fact]
    public void Paths_follow_the_http2_form()
    {
        Assert.Equal("/docexchange.v1.Exchange/Send", ExchangeMethods.Send.FullName);
        Assert.Equal("docexchange.v1.Registry", RegistryMethods.GetAgency.ServiceName);
        Assert.Equal("GetAgency", RegistryMethods.GetAgency.Name);
        Assert.Equal("/grpc.health.v1.Health/Watch", HealthMethods.Watch.FullName);
        Assert.Equal("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", ReflectionV1AlphaMethods.ServerReflectionInfo.FullName);
        Assert.Equal(MethodType.DuplexStreaming, SigningMethods.Sign.Type);
        Assert.Equal(MethodType.ClientStreaming, ExchangeMethods.Send.Type);
        Assert.Equal(MethodType.ServerStreaming, ExchangeMethods.Fetch.Type);
        Assert.Equal(MethodType.Unary, RegistryMethods.GetAgency.Type);
    }

    [Fact]
    public void Creating_a_method_with_the_wrong_streaming_type_fails()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => GrpcMethod.Create<SendRequest, SendResponse>(ExchangeMethods.Service, "Send", MethodType.Unary));

        Assert.Contains("ClientStreaming", ex.Message);
    }

    [Fact]
    public void Creating_a_method_with_the_wrong_message_type_fails()
    {
        Assert.Throws<ArgumentException>(
            () => GrpcMethod.Create<GetAgencyRequest, SendResponse>(ExchangeMethods.Service, "Send", MethodType.ClientStreaming));
        Assert.Throws<ArgumentException>(
            () => GrpcMethod.Create<SendRequest, Agency>(ExchangeMethods.Service, "Send", MethodType.ClientStreaming));
    }

    [Fact]
    public void Creating_an_unknown_method_fails()
    {
        Assert.Throws<ArgumentException>(
            () => GrpcMethod.Create<SendRequest, SendResponse>(ExchangeMethods.Service, "Nope", MethodType.ClientStreaming));
    }
}
