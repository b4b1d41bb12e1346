namespace DocExchange.LoadGenerator.Engines;

/// <summary>
/// A storage engine the server can run on: the settings that select it, and its own ceiling (durable commits per
/// second), measured with nothing of ours in the way.
/// </summary>
internal interface IStorageEngine : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Describes the durability settings the ceiling and the server use, for the report.</summary>
    string Durability { get; }

    /// <summary>Command-line configuration that points a server with data in <paramref name="dataDirectory"/> at this engine.</summary>
    IReadOnlyList<string> ServerArguments(string dataDirectory);

    /// <summary>One small row per transaction, committed durably, one after another, for <paramref name="duration"/>.</summary>
    Task<double> MeasureCommitsPerSecondAsync(string workDirectory, TimeSpan duration, CancellationToken cancellationToken);
}

internal static class StorageEngines
{
    public static IStorageEngine Create(string name) => name.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteEngine(),
        "postgresql" or "postgres" => throw new NotSupportedException(
            "--engine postgresql: the server in this build runs on SQLite only. Once the PostgreSQL store lands, add a "
            + "PostgreSqlEngine (server arguments for its connection string, and a commit-rate ceiling against the same cluster) here."),
        _ => throw new ArgumentException($"Unknown engine '{name}': use sqlite (or postgresql once the server supports it)."),
    };
}
