using DocExchange.Protocol.Health.V1;
using DocExchange.Protocol.V1;
using Google.Protobuf.Reflection;

namespace DocExchange.Protocol.Grpc.Methods;

/// <summary>The file descriptors of every proto in protos/ that declares a service.</summary>
public static class ProtocolDescriptors
{
    /// <summary>docexchange.v1: exchange, signing, registry, audit.</summary>
    public static IReadOnlyList<FileDescriptor> DocExchange { get; } =
    [
        ExchangeReflection.Descriptor,
        SigningReflection.Descriptor,
        RegistryReflection.Descriptor,
        AuditReflection.Descriptor,
    ];

    /// <summary>grpc.health.v1 and grpc.reflection v1 / v1alpha.</summary>
    public static IReadOnlyList<FileDescriptor> Standard { get; } =
    [
        HealthReflection.Descriptor,
        Reflection.V1.ReflectionReflection.Descriptor,
        Reflection.V1Alpha.ReflectionReflection.Descriptor,
    ];

    public static IReadOnlyList<FileDescriptor> All { get; } = [.. DocExchange, .. Standard];

    internal static ServiceDescriptor Service(FileDescriptor file, string name) =>
        file.Services.SingleOrDefault(s => s.Name == name)
        ?? throw new InvalidOperationException($"'{file.Name}' declares no service '{name}'.");
}
