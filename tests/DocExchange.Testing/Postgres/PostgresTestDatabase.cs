using Npgsql;

namespace DocExchange.Testing.Postgres;

/// <summary>
/// One database of a <see cref="PostgresTestCluster"/>. Disposing it drops it (its sessions ended) in the background:
/// a drop waits for a checkpoint, too slow to wait for after every test, and the cluster's folder goes at the end anyway.
/// </summary>
public sealed class PostgresTestDatabase(PostgresTestCluster cluster, string name) : IAsyncDisposable
{
    public PostgresTestCluster Cluster { get; } = cluster;

    public string Name { get; } = name;

    /// <summary>The superuser's connection string to this database.</summary>
    public string ConnectionString => Cluster.ConnectionString(Name);

    /// <summary>Opens an unpooled superuser connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs one query and returns its first column's values.</summary>
    public async Task<List<object?>> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<object?>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    public ValueTask DisposeAsync()
    {
        Cluster.DropInBackground(Name);
        return ValueTask.CompletedTask;
    }
}
