using Grpc.Core;

namespace DocExchange.Protocol.V1;

// Project glue: the generated code keeps each service's method descriptors private; these expose them to callers
// that drive a CallInvoker directly (the client library's retries, tests, benchmarks) and to the server's access policy.

public static partial class Exchange
{
    /// <summary>The generated method descriptors of docexchange.v1.Exchange, in proto order.</summary>
    public static class Methods
    {
        public static Method<SendRequest, SendResponse> Send => __Method_Send;

        public static Method<SubscribeInboxRequest, InboxEvent> SubscribeInbox => __Method_SubscribeInbox;

        public static Method<FetchRequest, FetchResponse> Fetch => __Method_Fetch;

        public static Method<PostStatusRequest, PostStatusResponse> PostStatus => __Method_PostStatus;

        public static Method<WatchStatusesRequest, StatusEvent> WatchStatuses => __Method_WatchStatuses;

        public static Method<GetStatusHistoryRequest, GetStatusHistoryResponse> GetStatusHistory => __Method_GetStatusHistory;

        public static Method<RecallRequest, RecallResponse> Recall => __Method_Recall;

        public static Method<UpdateRecipientsRequest, UpdateRecipientsResponse> UpdateRecipients => __Method_UpdateRecipients;

        public static Method<ListDocumentsRequest, ListDocumentsResponse> ListSent => __Method_ListSent;

        public static Method<ListDocumentsRequest, ListDocumentsResponse> ListReceived => __Method_ListReceived;

        /// <summary>Every method of the service.</summary>
        public static IReadOnlyList<IMethod> All { get; } = [__Method_Send, __Method_SubscribeInbox, __Method_Fetch, __Method_PostStatus, __Method_WatchStatuses, __Method_GetStatusHistory, __Method_Recall, __Method_UpdateRecipients, __Method_ListSent, __Method_ListReceived];
    }
}

public static partial class Registry
{
    /// <summary>The generated method descriptors of docexchange.v1.Registry, in proto order.</summary>
    public static class Methods
    {
        public static Method<RegisterAgencyRequest, Agency> RegisterAgency => __Method_RegisterAgency;

        public static Method<UpdateAgencyRequest, Agency> UpdateAgency => __Method_UpdateAgency;

        public static Method<DeactivateAgencyRequest, Agency> DeactivateAgency => __Method_DeactivateAgency;

        public static Method<GetAgencyRequest, Agency> GetAgency => __Method_GetAgency;

        public static Method<ListChildrenRequest, ListAgenciesResponse> ListChildren => __Method_ListChildren;

        public static Method<AddTrustedCaRequest, Agency> AddTrustedCa => __Method_AddTrustedCa;

        public static Method<PublishCrlRequest, PublishCrlResponse> PublishCrl => __Method_PublishCrl;

        /// <summary>Every method of the service.</summary>
        public static IReadOnlyList<IMethod> All { get; } = [__Method_RegisterAgency, __Method_UpdateAgency, __Method_DeactivateAgency, __Method_GetAgency, __Method_ListChildren, __Method_AddTrustedCa, __Method_PublishCrl];
    }
}

public static partial class Audit
{
    /// <summary>The generated method descriptors of docexchange.v1.Audit, in proto order.</summary>
    public static class Methods
    {
        public static Method<QueryEventsRequest, AuditEventEntry> QueryEvents => __Method_QueryEvents;

        public static Method<GetCheckpointRequest, SignedCheckpoint> GetCheckpoint => __Method_GetCheckpoint;

        public static Method<GetInclusionProofRequest, InclusionProof> GetInclusionProof => __Method_GetInclusionProof;

        public static Method<GetConsistencyProofRequest, ConsistencyProof> GetConsistencyProof => __Method_GetConsistencyProof;

        public static Method<GetLogInfoRequest, LogInfo> GetLogInfo => __Method_GetLogInfo;

        /// <summary>Every method of the service.</summary>
        public static IReadOnlyList<IMethod> All { get; } = [__Method_QueryEvents, __Method_GetCheckpoint, __Method_GetInclusionProof, __Method_GetConsistencyProof, __Method_GetLogInfo];
    }
}

public static partial class Signing
{
    /// <summary>The generated method descriptors of docexchange.v1.Signing, in proto order.</summary>
    public static class Methods
    {
        public static Method<SignRequest, SignResponse> Sign => __Method_Sign;

        public static Method<VerifyRequest, ValidationReport> Verify => __Method_Verify;

        /// <summary>Every method of the service.</summary>
        public static IReadOnlyList<IMethod> All { get; } = [__Method_Sign, __Method_Verify];
    }
}

public static partial class EdXmlExchange
{
    /// <summary>The generated method descriptors of docexchange.v1.EdXmlExchange, in proto order.</summary>
    public static class Methods
    {
        public static Method<SendPackageRequest, SendResponse> SendPackage => __Method_SendPackage;

        public static Method<FetchPackageRequest, PackageChunk> FetchPackage => __Method_FetchPackage;

        public static Method<FetchStatusPackagesRequest, StatusPackage> FetchStatusPackages => __Method_FetchStatusPackages;

        public static Method<PostStatusPackageRequest, PostStatusResponse> PostStatusPackage => __Method_PostStatusPackage;

        /// <summary>Every method of the service.</summary>
        public static IReadOnlyList<IMethod> All { get; } = [__Method_SendPackage, __Method_FetchPackage, __Method_FetchStatusPackages, __Method_PostStatusPackage];
    }
}
