using Google.Protobuf.Reflection;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>docexchange.v1.Registry: agencies and their trusted CAs.</summary>
public static class RegistryMethods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(RegistryReflection.Descriptor, "Registry");

    public static GrpcMethod<RegisterAgencyRequest, Agency> RegisterAgency { get; } =
        GrpcMethod.Create<RegisterAgencyRequest, Agency>(Service, "RegisterAgency", MethodType.Unary);

    public static GrpcMethod<UpdateAgencyRequest, Agency> UpdateAgency { get; } =
        GrpcMethod.Create<UpdateAgencyRequest, Agency>(Service, "UpdateAgency", MethodType.Unary);

    public static GrpcMethod<DeactivateAgencyRequest, Agency> DeactivateAgency { get; } =
        GrpcMethod.Create<DeactivateAgencyRequest, Agency>(Service, "DeactivateAgency", MethodType.Unary);

    public static GrpcMethod<GetAgencyRequest, Agency> GetAgency { get; } =
        GrpcMethod.Create<GetAgencyRequest, Agency>(Service, "GetAgency", MethodType.Unary);

    public static GrpcMethod<ListChildrenRequest, ListAgenciesResponse> ListChildren { get; } =
        GrpcMethod.Create<ListChildrenRequest, ListAgenciesResponse>(Service, "ListChildren", MethodType.Unary);

    public static GrpcMethod<AddTrustedCaRequest, Agency> AddTrustedCa { get; } =
        GrpcMethod.Create<AddTrustedCaRequest, Agency>(Service, "AddTrustedCa", MethodType.Unary);

    public static GrpcMethod<PublishCrlRequest, PublishCrlResponse> PublishCrl { get; } =
        GrpcMethod.Create<PublishCrlRequest, PublishCrlResponse>(Service, "PublishCrl", MethodType.Unary);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [RegisterAgency, UpdateAgency, DeactivateAgency, GetAgency, ListChildren, AddTrustedCa, PublishCrl];
}
