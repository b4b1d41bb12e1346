using Google.Protobuf.Reflection;
using DocExchange.Protocol.Reflection.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>grpc.reflection.v1.ServerReflection: the standard server reflection protocol.</summary>
public static class ReflectionV1Methods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(ReflectionReflection.Descriptor, "ServerReflection");

    public static GrpcMethod<ServerReflectionRequest, ServerReflectionResponse> ServerReflectionInfo { get; } =
        GrpcMethod.Create<ServerReflectionRequest, ServerReflectionResponse>(Service, "ServerReflectionInfo", MethodType.DuplexStreaming);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [ServerReflectionInfo];
}
