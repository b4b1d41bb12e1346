using System.Collections.Concurrent;

namespace DocExchange.Storage.Relational;

/// <summary>
/// Parameter names as the statements spell them, with their '@'. Given a bare name, Microsoft.Data.Sqlite looks the
/// parameter up four times per execution (bare, then with each of '@', '$' and ':', to rule out ambiguity), converting
/// each candidate to UTF-8; with the prefix it looks once. Npgsql takes the prefixed name as the same parameter. One
/// string per name, so that a kept command's names can be compared by reference.
/// </summary>
internal static class ParameterNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Prefixed(string name) =>
        name.StartsWith('@') ? name : Names.GetOrAdd(name, static bare => "@" + bare);
}
