using System.Diagnostics;
using System.Globalization;
using DocExchange.Testing.Postgres;
using Npgsql;

namespace DocExchange.LoadGenerator.Engines;

/// <summary>
/// PostgreSQL: a throwaway cluster on loopback (the one the tests use, started from the machine's PostgreSQL binaries)
/// with its durability defaults (fsync on, synchronous_commit on, full_page_writes on); a new database per deployment.
/// Every instance of a deployment shares the database, the blob folder and the audit key, as in production.
/// </summary>
internal sealed class PostgreSqlEngine : IStorageEngine
{
    // Every 5 ms: enough samples in a 10 s phase for the lock's utilisation to within about 1.5 points.
    private static readonly TimeSpan LockSampleInterval = TimeSpan.FromMilliseconds(5);

    private PostgresTestCluster? _cluster;
    private int _deployments;
    private string? _deploymentConnectionString;

    public string Name => "postgresql";

    public string Durability => "PostgreSQL on loopback, fsync=on, synchronous_commit=on, one row per transaction (BEGIN … COMMIT)";

    public string? DatabaseProcess => "postgres";

    public bool SupportsScaleOut => true;

    public async Task<IReadOnlyList<string>> NewDeploymentAsync(string deploymentDirectory, CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_{Interlocked.Increment(ref _deployments)}");
        await cluster.ExecuteAsync($"CREATE DATABASE {database}", cancellationToken);
        Directory.CreateDirectory(Path.Combine(deploymentDirectory, "blobs"));
        _deploymentConnectionString = cluster.ConnectionString(database);
        return
        [
            "--DocExchange:Storage:Provider=Postgres",
            $"--DocExchange:Storage:ConnectionString={_deploymentConnectionString}",
            $"--DocExchange:Storage:BlobDirectory={Path.Combine(deploymentDirectory, "blobs")}",
            $"--DocExchange:Audit:KeyPath={Path.Combine(deploymentDirectory, "audit-key.pem")}",
        ];
    }

    public async Task<CommitLockProbe?> StartCommitLockProbeAsync(CancellationToken cancellationToken) =>
        await CommitLockProbe.StartAsync(
            _deploymentConnectionString ?? throw new InvalidOperationException("No deployment to sample: start one first."),
            LockSampleInterval, cancellationToken);

    public async Task<double> MeasureCommitsPerSecondAsync(string workDirectory, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        await cluster.ExecuteAsync("CREATE DATABASE commit_ceiling", cancellationToken);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("commit_ceiling"));
        await connection.OpenAsync(cancellationToken);
        await using (var setup = new NpgsqlCommand("CREATE TABLE t (id bigserial PRIMARY KEY, v bytea NOT NULL)", connection))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }
        var payload = new byte[200];
        var commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = new NpgsqlCommand("INSERT INTO t (v) VALUES ($1)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = payload });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            commits++;
        }
        return commits / clock.Elapsed.TotalSeconds;
    }

    private async Task<PostgresTestCluster> ClusterAsync(CancellationToken cancellationToken) =>
        // A production-like buffer pool instead of the tests' small one; every durability setting stays at its default.
        _cluster ??= await PostgresTestCluster.StartAsync(cancellationToken, "shared_buffers=256MB", "max_wal_size=2GB");

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
