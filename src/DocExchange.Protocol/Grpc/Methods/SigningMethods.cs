using Google.Protobuf.Reflection;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>docexchange.v1.Signing: PAdES signing and validation.</summary>
public static class SigningMethods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(SigningReflection.Descriptor, "Signing");

    public static GrpcMethod<SignRequest, SignResponse> Sign { get; } =
        GrpcMethod.Create<SignRequest, SignResponse>(Service, "Sign", MethodType.DuplexStreaming);

    public static GrpcMethod<VerifyRequest, ValidationReport> Verify { get; } =
        GrpcMethod.Create<VerifyRequest, ValidationReport>(Service, "Verify", MethodType.ClientStreaming);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [Sign, Verify];
}
