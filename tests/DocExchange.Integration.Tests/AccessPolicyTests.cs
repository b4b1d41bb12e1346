using DocExchange.Server.Authorization;
using DocExchange.Server.Identity;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Integration.Tests;

public sealed class AccessPolicyTests
{
    [Fact]
    public async Task Every_rpc_the_server_maps_has_an_access_rule()
    {
        await using var server = await TestServer.StartAsync();
        var rpcs = server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
            .OfType<GrpcMethodMetadata>()
            .Select(m => m.Method.FullName)
            .Distinct()
            .ToList();

        Assert.Contains("/docexchange.v1.Exchange/Send", rpcs);
        Assert.Contains("/grpc.health.v1.Health/Check", rpcs);
        Assert.Contains("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", rpcs);
        Assert.Empty(rpcs.Except(AccessPolicy.Methods));
    }

    [Fact]
    public void Every_rpc_of_the_docexchange_protos_has_an_access_rule()
    {
        var rpcs = new[] { Protocol.V1.Exchange.Descriptor, Protocol.V1.EdXmlExchange.Descriptor, Protocol.V1.Registry.Descriptor, Protocol.V1.Audit.Descriptor, Protocol.V1.Signing.Descriptor }
            .SelectMany(service => service.Methods.Select(m => $"/{service.FullName}/{m.Name}"))
            .ToList();

        Assert.Equal(28, rpcs.Count);
        Assert.Empty(rpcs.Except(AccessPolicy.Methods));
    }

    [Fact]
    public void A_method_the_policy_does_not_name_is_refused_to_every_role()
    {
        Assert.All(Enum.GetValues<CallerRole>(), role => Assert.False(AccessPolicy.IsAllowed("/docexchange.v1.Exchange/NoSuchMethod", role)));
    }
}
