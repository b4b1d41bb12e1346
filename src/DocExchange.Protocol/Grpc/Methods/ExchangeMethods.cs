using Google.Protobuf.Reflection;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>docexchange.v1.Exchange: sending, delivering and tracking documents.</summary>
public static class ExchangeMethods
{
    /// <summary>The service descriptor from the generated code.</summary>
    public static ServiceDescriptor Service { get; } = ProtocolDescriptors.Service(ExchangeReflection.Descriptor, "Exchange");

    public static GrpcMethod<SendRequest, SendResponse> Send { get; } =
        GrpcMethod.Create<SendRequest, SendResponse>(Service, "Send", MethodType.ClientStreaming);

    public static GrpcMethod<SubscribeInboxRequest, InboxEvent> SubscribeInbox { get; } =
        GrpcMethod.Create<SubscribeInboxRequest, InboxEvent>(Service, "SubscribeInbox", MethodType.ServerStreaming);

    public static GrpcMethod<FetchRequest, FetchResponse> Fetch { get; } =
        GrpcMethod.Create<FetchRequest, FetchResponse>(Service, "Fetch", MethodType.ServerStreaming);

    public static GrpcMethod<PostStatusRequest, PostStatusResponse> PostStatus { get; } =
        GrpcMethod.Create<PostStatusRequest, PostStatusResponse>(Service, "PostStatus", MethodType.Unary);

    public static GrpcMethod<WatchStatusesRequest, StatusEvent> WatchStatuses { get; } =
        GrpcMethod.Create<WatchStatusesRequest, StatusEvent>(Service, "WatchStatuses", MethodType.ServerStreaming);

    public static GrpcMethod<GetStatusHistoryRequest, GetStatusHistoryResponse> GetStatusHistory { get; } =
        GrpcMethod.Create<GetStatusHistoryRequest, GetStatusHistoryResponse>(Service, "GetStatusHistory", MethodType.Unary);

    public static GrpcMethod<RecallRequest, RecallResponse> Recall { get; } =
        GrpcMethod.Create<RecallRequest, RecallResponse>(Service, "Recall", MethodType.Unary);

    public static GrpcMethod<UpdateRecipientsRequest, UpdateRecipientsResponse> UpdateRecipients { get; } =
        GrpcMethod.Create<UpdateRecipientsRequest, UpdateRecipientsResponse>(Service, "UpdateRecipients", MethodType.Unary);

    public static GrpcMethod<ListDocumentsRequest, ListDocumentsResponse> ListSent { get; } =
        GrpcMethod.Create<ListDocumentsRequest, ListDocumentsResponse>(Service, "ListSent", MethodType.Unary);

    public static GrpcMethod<ListDocumentsRequest, ListDocumentsResponse> ListReceived { get; } =
        GrpcMethod.Create<ListDocumentsRequest, ListDocumentsResponse>(Service, "ListReceived", MethodType.Unary);

    /// <summary>Every method of the service, in proto order.</summary>
    public static IReadOnlyList<IGrpcMethod> All { get; } = [Send, SubscribeInbox, Fetch, PostStatus, WatchStatuses, GetStatusHistory, Recall, UpdateRecipients, ListSent, ListReceived];
}
