using DocExchange.Testing.Postgres;

namespace DocExchange.Integration.Tests;

/// <summary>
/// Where test servers run: one instance on its own SQLite folder, or any number of instances sharing one PostgreSQL
/// database (on the throwaway test cluster), one blob folder and one audit key file. Disposing it stops the instances
/// it started and deletes what they shared.
/// </summary>
public abstract class ServerDeployment : IAsyncDisposable
{
    private readonly List<TestServer> _instances = [];

    /// <summary>Starts one more server instance of this deployment; <paramref name="overrides"/> are settings that replace its own.</summary>
    public async Task<TestServer> StartInstanceAsync(params string[] overrides)
    {
        var instance = await StartAsync(overrides);
        lock (_instances) _instances.Add(instance);
        return instance;
    }

    protected abstract Task<TestServer> StartAsync(string[] overrides);

    /// <summary>The blob folder every instance uses, where the deployment shares one.</summary>
    public virtual string? SharedBlobDirectory => null;

    /// <summary>The database every instance uses, where the deployment shares one (as the superuser).</summary>
    public virtual string? SharedDatabase => null;

    public static ServerDeployment Sqlite() => new SqliteDeployment();

    public static async Task<ServerDeployment> PostgresAsync() =>
        new PostgresDeployment(await (await PostgresTestCluster.SharedAsync()).CreateDatabaseAsync());

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
    }

    private sealed class SqliteDeployment : ServerDeployment
    {
        protected override Task<TestServer> StartAsync(string[] overrides) => TestServer.StartAsync(overrides);
    }

    private sealed class PostgresDeployment(PostgresTestDatabase database) : ServerDeployment
    {
        private readonly string _shared = Path.Combine(Path.GetTempPath(), "docexchange-it-shared-" + Guid.NewGuid().ToString("N"));

        public override string SharedBlobDirectory => Path.Combine(_shared, "blobs");

        public override string SharedDatabase => database.ConnectionString;

        protected override Task<TestServer> StartAsync(string[] overrides) => TestServer.StartOnPostgresAsync(
            database.ConnectionString, SharedBlobDirectory, Path.Combine(_shared, "audit-key.pem"), overrides);

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await database.DisposeAsync();
            if (Directory.Exists(_shared)) Directory.Delete(_shared, recursive: true);
        }
    }
}
