using Google.Protobuf.Reflection;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Checks at start-up that every RPC of the given proto files has a handler.</summary>
public static class GrpcServiceCompleteness
{
    /// <summary>The paths ("/pkg.Service/Method") of RPCs declared in <paramref name="files"/> with no bound handler.</summary>
    public static IReadOnlyList<string> FindMissing(IEnumerable<IGrpcMethod> boundMethods, IEnumerable<FileDescriptor> files)
    {
        ArgumentNullException.ThrowIfNull(boundMethods);
        ArgumentNullException.ThrowIfNull(files);
        var bound = boundMethods.Select(m => m.FullName).ToHashSet(StringComparer.Ordinal);
        return files
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods)
            .Select(m => "/" + m.Service.FullName + "/" + m.Name)
            .Where(path => !bound.Contains(path))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every RPC without a handler.</summary>
    public static void EnsureComplete(IEnumerable<IGrpcMethod> boundMethods, IEnumerable<FileDescriptor> files)
    {
        var missing = FindMissing(boundMethods, files);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{missing.Count} gRPC method(s) have no handler: {string.Join(", ", missing)}. Bind them in an IGrpcService.");
        }
    }
}
