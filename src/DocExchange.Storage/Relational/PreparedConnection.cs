using System.Data.Common;

namespace DocExchange.Storage.Relational;

/// <summary>
/// An open connection kept for reuse, with its statements: each SQL text is parsed and planned once per connection
/// and then only re-bound, instead of parsed on every call (a visible share of a send's CPU when it was).
/// Used by one session at a time.
/// </summary>
internal sealed class PreparedConnection(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection { get; } = connection;

    /// <summary>The command for <paramref name="sql"/>, in <paramref name="transaction"/>, with the parameters of its last run. Not to be disposed by the caller.</summary>
    public DbCommand Prepared(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
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
