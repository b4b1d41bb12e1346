using Google.Protobuf.Reflection;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>docexchange.v1.Audit: the Merkle audit log, checkpoints and proofs.</summary>
public static class AuditMethods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(AuditReflection.Descriptor, "Audit");

    public static GrpcMethod<QueryEventsRequest, AuditEventEntry> QueryEvents { get; } =
        GrpcMethod.Create<QueryEventsRequest, AuditEventEntry>(Service, "QueryEvents", MethodType.ServerStreaming);

    public static GrpcMethod<GetCheckpointRequest, SignedCheckpoint> GetCheckpoint { get; } =
        GrpcMethod.Create<GetCheckpointRequest, SignedCheckpoint>(Service, "GetCheckpoint", MethodType.Unary);

    public static GrpcMethod<GetInclusionProofRequest, InclusionProof> GetInclusionProof { get; } =
        GrpcMethod.Create<GetInclusionProofRequest, InclusionProof>(Service, "GetInclusionProof", MethodType.Unary);

    public static GrpcMethod<GetConsistencyProofRequest, ConsistencyProof> GetConsistencyProof { get; } =
        GrpcMethod.Create<GetConsistencyProofRequest, ConsistencyProof>(Service, "GetConsistencyProof", MethodType.Unary);

    public static GrpcMethod<GetLogInfoRequest, LogInfo> GetLogInfo { get; } =
        GrpcMethod.Create<GetLogInfoRequest, LogInfo>(Service, "GetLogInfo", MethodType.Unary);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [QueryEvents, GetCheckpoint, GetInclusionProof, GetConsistencyProof, GetLogInfo];
}
