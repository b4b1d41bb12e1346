using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>A connection inside a transaction, with helpers for parameterised statements (prepared once per connection).</summary>
internal sealed class SqliteSession(PreparedConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A new command of the caller's own (to dispose), for statements it re-binds itself many times.</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        return await command.ExecuteNonQueryAsync(CancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        var value = await command.ExecuteScalarAsync(CancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(CancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.Prepared(sql, transaction);
        Bind(command, parameters);
        return command;
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
