using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Server.Identity;

namespace DocExchange.Server.Authorization;

/// <summary>
/// Which roles may call each RPC: the one place where call-level authorisation is decided. Finer rules
/// (an agency acts only as itself, sees only its own documents) live in the services, which compare the
/// caller with the resource. A method missing from this table is refused to everyone (fail closed).
/// </summary>
public static class AccessPolicy
{
    private static readonly CallerRole[] Anyone = [CallerRole.Anonymous, CallerRole.Agency, CallerRole.Auditor, CallerRole.Operator];
    private static readonly CallerRole[] Agencies = [CallerRole.Agency];
    private static readonly CallerRole[] Operators = [CallerRole.Operator];
    private static readonly CallerRole[] Authenticated = [CallerRole.Agency, CallerRole.Auditor, CallerRole.Operator];
    private static readonly CallerRole[] TrailReaders = [CallerRole.Auditor, CallerRole.Operator];

    private static readonly Dictionary<string, CallerRole[]> Table = Build(
        (HealthMethods.Check, Anyone),
        (HealthMethods.Watch, Anyone),
        (ReflectionV1Methods.ServerReflectionInfo, Anyone),
        (ReflectionV1AlphaMethods.ServerReflectionInfo, Anyone),
        (ExchangeMethods.Send, Agencies),
        (ExchangeMethods.SubscribeInbox, Agencies),
        (ExchangeMethods.Fetch, Agencies),
        (ExchangeMethods.PostStatus, Agencies),
        (ExchangeMethods.WatchStatuses, Agencies),
        (ExchangeMethods.GetStatusHistory, Agencies),
        (ExchangeMethods.Recall, Agencies),
        (ExchangeMethods.UpdateRecipients, Agencies),
        (ExchangeMethods.ListSent, Agencies),
        (ExchangeMethods.ListReceived, Agencies),
        (SigningMethods.Sign, Agencies),
        (SigningMethods.Verify, Authenticated),
        (RegistryMethods.RegisterAgency, Operators),
        (RegistryMethods.UpdateAgency, Operators),
        (RegistryMethods.DeactivateAgency, Operators),
        (RegistryMethods.AddTrustedCa, Operators),
        (RegistryMethods.PublishCrl, Operators),
        (RegistryMethods.GetAgency, Authenticated),
        (RegistryMethods.ListChildren, Authenticated),
        (AuditMethods.QueryEvents, TrailReaders),
        (AuditMethods.GetCheckpoint, Authenticated),
        (AuditMethods.GetInclusionProof, Authenticated),
        (AuditMethods.GetConsistencyProof, Authenticated),
        (AuditMethods.GetLogInfo, Authenticated));

    /// <summary>Every method the policy names, so a test can check that no RPC is missing.</summary>
    public static IReadOnlyCollection<string> Methods => Table.Keys;

    public static bool IsAllowed(string methodFullName, CallerRole role) =>
        Table.TryGetValue(methodFullName, out var roles) && roles.Contains(role);

    public static IReadOnlyList<CallerRole> AllowedRoles(string methodFullName) =>
        Table.TryGetValue(methodFullName, out var roles) ? roles : [];

    private static Dictionary<string, CallerRole[]> Build(params (IGrpcMethod Method, CallerRole[] Roles)[] entries) =>
        entries.ToDictionary(e => e.Method.FullName, e => e.Roles, StringComparer.Ordinal);
}
