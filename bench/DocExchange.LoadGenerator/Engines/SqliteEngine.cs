using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DocExchange.LoadGenerator.Engines;

/// <summary>The embedded SQLite store; its ceiling is a WAL database with synchronous=FULL, as the server opens it.</summary>
internal sealed class SqliteEngine : IStorageEngine
{
    public string Name => "sqlite";

    public string Durability => "SQLite WAL, synchronous=FULL, one row per transaction (BEGIN IMMEDIATE … COMMIT)";

    public string? DatabaseProcess => null;

    public bool SupportsScaleOut => false;

    /// <summary>Each server keeps its database in its own (new) data directory: the default configuration.</summary>
    public Task<IReadOnlyList<string>> NewDeploymentAsync(string deploymentDirectory, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<CommitLockProbe?> StartCommitLockProbeAsync(CancellationToken cancellationToken) => Task.FromResult<CommitLockProbe?>(null);

    public async Task<double> MeasureCommitsPerSecondAsync(string workDirectory, TimeSpan duration, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workDirectory, "commit-ceiling.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL);";
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }
            var payload = new byte[200];
            var commits = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                await using var transaction = connection.BeginTransaction(deferred: false);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO t (v) VALUES ($v)";
                insert.Parameters.AddWithValue("$v", payload);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                commits++;
            }
            return commits / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
