using Google.Protobuf.Reflection;
using DocExchange.Protocol.Health.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>grpc.health.v1.Health: the standard health checking protocol.</summary>
public static class HealthMethods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(HealthReflection.Descriptor, "Health");

    public static GrpcMethod<HealthCheckRequest, HealthCheckResponse> Check { get; } =
        GrpcMethod.Create<HealthCheckRequest, HealthCheckResponse>(Service, "Check", MethodType.Unary);

    public static GrpcMethod<HealthCheckRequest, HealthCheckResponse> Watch { get; } =
        GrpcMethod.Create<HealthCheckRequest, HealthCheckResponse>(Service, "Watch", MethodType.ServerStreaming);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [Check, Watch];
}
