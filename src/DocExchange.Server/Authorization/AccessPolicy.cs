using DocExchange.Server.Identity;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using ExchangeService = DocExchange.Protocol.V1.Exchange;
using HealthService = Grpc.Health.V1.Health;
using ReflectionV1 = Grpc.Reflection.V1.ServerReflection;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha.ServerReflection;
using RegistryService = DocExchange.Protocol.V1.Registry;
using AuditService = DocExchange.Protocol.V1.Audit;
using SigningService = DocExchange.Protocol.V1.Signing;
using EdXmlService = DocExchange.Protocol.V1.EdXmlExchange;

namespace DocExchange.Server.Authorization;

/// <summary>
/// Which roles may call each RPC: the one place where call-level authorisation is decided. Rows are keyed on the
/// generated service descriptors, so a renamed or removed RPC fails here at start-up. Finer rules
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
        (HealthService.Descriptor, "Check", Anyone),
        (HealthService.Descriptor, "Watch", Anyone),
        (ReflectionV1.Descriptor, "ServerReflectionInfo", Anyone),
        (ReflectionV1Alpha.Descriptor, "ServerReflectionInfo", Anyone),
        (ExchangeService.Descriptor, "Send", Agencies),
        (ExchangeService.Descriptor, "SubscribeInbox", Agencies),
        (ExchangeService.Descriptor, "Fetch", Agencies),
        (ExchangeService.Descriptor, "PostStatus", Agencies),
        (ExchangeService.Descriptor, "WatchStatuses", Agencies),
        (ExchangeService.Descriptor, "GetStatusHistory", Agencies),
        (ExchangeService.Descriptor, "Recall", Agencies),
        (ExchangeService.Descriptor, "UpdateRecipients", Agencies),
        (ExchangeService.Descriptor, "ListSent", Agencies),
        (ExchangeService.Descriptor, "ListReceived", Agencies),
        (EdXmlService.Descriptor, "SendPackage", Agencies),
        (EdXmlService.Descriptor, "FetchPackage", Agencies),
        (EdXmlService.Descriptor, "FetchStatusPackages", Agencies),
        (EdXmlService.Descriptor, "PostStatusPackage", Agencies),
        (SigningService.Descriptor, "Sign", Agencies),
        (SigningService.Descriptor, "Verify", Authenticated),
        (RegistryService.Descriptor, "RegisterAgency", Operators),
        (RegistryService.Descriptor, "UpdateAgency", Operators),
        (RegistryService.Descriptor, "DeactivateAgency", Operators),
        (RegistryService.Descriptor, "AddTrustedCa", Operators),
        (RegistryService.Descriptor, "PublishCrl", Operators),
        (RegistryService.Descriptor, "GetAgency", Authenticated),
        (RegistryService.Descriptor, "ListChildren", Authenticated),
        (AuditService.Descriptor, "QueryEvents", TrailReaders),
        (AuditService.Descriptor, "GetCheckpoint", Authenticated),
        (AuditService.Descriptor, "GetInclusionProof", Authenticated),
        (AuditService.Descriptor, "GetConsistencyProof", Authenticated),
        (AuditService.Descriptor, "GetLogInfo", Authenticated));

    /// <summary>Every method the policy names (as "/package.Service/Method"), so a test can check that no RPC is missing.</summary>
    public static IReadOnlyCollection<string> Methods => Table.Keys;

    public static bool IsAllowed(string methodFullName, CallerRole role) =>
        Table.TryGetValue(methodFullName, out var roles) && roles.Contains(role);

    public static IReadOnlyList<CallerRole> AllowedRoles(string methodFullName) =>
        Table.TryGetValue(methodFullName, out var roles) ? roles : [];

    /// <summary>"package.Service" of a "/package.Service/Method" path.</summary>
    public static string ServiceOf(string methodFullName)
    {
        var end = methodFullName.LastIndexOf('/');
        return end > 1 ? methodFullName[1..end] : string.Empty;
    }

    private static Dictionary<string, CallerRole[]> Build(params (ServiceDescriptor Service, string Method, CallerRole[] Roles)[] entries) =>
        entries.ToDictionary(e => PathOf(e.Service, e.Method), e => e.Roles, StringComparer.Ordinal);

    private static string PathOf(ServiceDescriptor service, string method) =>
        service.FindMethodByName(method) is { } descriptor
            ? $"/{service.FullName}/{descriptor.Name}"
            : throw new InvalidOperationException($"The access policy names {service.FullName}/{method}, which the generated code does not have.");
}
