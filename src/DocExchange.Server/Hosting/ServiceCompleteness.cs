using System.Reflection;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Start-up fails, naming the methods, when a service leaves an RPC of its generated base unimplemented: the
/// generated base would answer UNIMPLEMENTED at run time, where a missing handler is a deployment bug.
/// </summary>
internal static class ServiceCompleteness
{
    public static void EnsureComplete(params Type[] services)
    {
        var missing = services
            .SelectMany(service => service.BaseType!
                .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.IsVirtual && service.GetMethod(m.Name, [.. m.GetParameters().Select(p => p.ParameterType)])?.DeclaringType == service.BaseType)
                .Select(m => $"{service.Name}.{m.Name}"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new StartupException($"no handler for {string.Join(", ", missing)}", null);
        }
    }
}
