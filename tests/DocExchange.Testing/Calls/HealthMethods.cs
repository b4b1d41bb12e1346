using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace DocExchange.Testing.Calls;

/// <summary>grpc.health.v1.Health's methods, for tests that call them through a <see cref="CallInvoker"/>.</summary>
public static class HealthMethods
{
    public static Method<HealthCheckRequest, HealthCheckResponse> Check { get; } = new(
        MethodType.Unary,
        Health.Descriptor.FullName,
        "Check",
        Marshallers.Create(static m => m.ToByteArray(), HealthCheckRequest.Parser.ParseFrom),
        Marshallers.Create(static m => m.ToByteArray(), HealthCheckResponse.Parser.ParseFrom));
}
