using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>A connection (inside a transaction for writes), with helpers for parameterised statements.</summary>
internal sealed class PostgresSession(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public NpgsqlCommand Command(PostgresStatement statement)
    {
        var command = new NpgsqlCommand(statement.Sql, connection, transaction);
        statement.AddParametersTo(command.Parameters);
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(new PostgresStatement(sql, parameters));
        return await command.ExecuteNonQueryAsync(CancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(new PostgresStatement(sql, parameters));
        var value = await command.ExecuteScalarAsync(CancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(new PostgresStatement(sql, parameters));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
        return await ReadRowsAsync(reader, map, CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends several statements in one round trip and lets <paramref name="read"/> walk their result sets: one per
    /// statement that returns rows (a SELECT, or a RETURNING clause even when it yields no row), in statement order.
    /// </summary>
    public async Task<T> BatchAsync<T>(IEnumerable<PostgresStatement> statements, Func<NpgsqlDataReader, CancellationToken, Task<T>> read)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            statement.AddParametersTo(command.Parameters);
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
        var result = await read(reader, CancellationToken).ConfigureAwait(false);
        // Draining the remaining results surfaces an error raised by a later statement.
        while (await reader.NextResultAsync(CancellationToken).ConfigureAwait(false)) { }
        return result;
    }

    public static async Task<List<T>> ReadRowsAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }
}
