using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Server.Authorization;
using DocExchange.Server.Identity;

namespace DocExchange.Integration.Tests;

public sealed class AccessPolicyTests
{
    [Fact]
    public void Every_rpc_of_every_served_proto_has_an_access_rule()
    {
        var rpcs = ProtocolDescriptors.All
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods.Select(m => $"/{service.FullName}/{m.Name}"))
            .ToList();

        Assert.NotEmpty(rpcs);
        Assert.Empty(rpcs.Except(AccessPolicy.Methods));
    }

    [Fact]
    public void A_method_the_policy_does_not_name_is_refused_to_every_role()
    {
        Assert.All(Enum.GetValues<CallerRole>(), role => Assert.False(AccessPolicy.IsAllowed("/docexchange.v1.Exchange/NoSuchMethod", role)));
    }
}
