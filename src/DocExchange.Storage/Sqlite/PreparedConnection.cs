using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// An open connection kept for reuse, with its statements: each SQL text is parsed and planned once per connection
/// and then only re-bound, instead of parsed on every call (a visible share of a send's CPU when it was).
/// Used by one session at a time.
/// </summary>
internal sealed class PreparedConnection(SqliteConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The command for <paramref name="sql"/>, in <paramref name="transaction"/>, with no parameters yet. Not to be disposed by the caller.</summary>
    public SqliteCommand Prepared(string sql, SqliteTransaction transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        _commands.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
