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

    /// <summary>The command name of the database server's processes, whose CPU a phase reports; null when it runs inside the server.</summary>
    string? DatabaseProcess { get; }

    /// <summary>Whether several server instances can share one store (one total order of events).</summary>
    bool SupportsScaleOut { get; }

    /// <summary>
    /// A fresh, empty store for one deployment (one or several server instances started together), and the
    /// command-line configuration every instance of it gets. Shared files go under <paramref name="deploymentDirectory"/>.
    /// </summary>
    Task<IReadOnlyList<string>> NewDeploymentAsync(string deploymentDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// Starts sampling, in the latest deployment's store, the lock that orders commits across server instances; null
    /// where the engine has none (SQLite: one writer).
    /// </summary>
    Task<CommitLockProbe?> StartCommitLockProbeAsync(CancellationToken cancellationToken);

    /// <summary>One small row per transaction, committed durably, one after another, for <paramref name="duration"/>.</summary>
    Task<double> MeasureCommitsPerSecondAsync(string workDirectory, TimeSpan duration, CancellationToken cancellationToken);
}

internal static class StorageEngines
{
    public static IStorageEngine Create(string name) => name.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteEngine(),
        "postgresql" or "postgres" => new PostgreSqlEngine(),
        _ => throw new ArgumentException($"Unknown engine '{name}': use sqlite or postgresql."),
    };
}
