using System.Data.Common;

namespace DocExchange.Storage.Relational;

/// <summary>
/// A connection (inside a transaction, or not for reads that need none) with helpers for parameterised statements.
/// With a <see cref="PreparedConnection"/> each SQL text keeps one command per connection; without, each statement
/// gets a fresh command and the provider prepares what it sees repeated.
/// </summary>
internal sealed class DbSession(DbConnection connection, DbTransaction? transaction, PreparedConnection? prepared, CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The connection, for what an engine does beyond statements (SQLite's in-place blob I/O).</summary>
    public DbConnection Connection => connection;

    /// <summary>SQL statements this session has run (each statement of a batch counted).</summary>
    public int Statements { get; private set; }

    /// <summary>Round trips to the engine this session has made: a batch the provider sends at once is one.</summary>
    public int RoundTrips { get; private set; }

    /// <summary>True once <see cref="RunAndCommitAsync"/> has committed the transaction: nothing may run after it.</summary>
    public bool Committed { get; private set; }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Rent(new Statement(sql, parameters));
        try
        {
            return await command.ExecuteNonQueryAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReturnAsync(command).ConfigureAwait(false);
        }
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Rent(new Statement(sql, parameters));
        try
        {
            var value = await command.ExecuteScalarAsync(CancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
        finally
        {
            await ReturnAsync(command).ConfigureAwait(false);
        }
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await ReadAsync(new Statement(sql, parameters), r => rows.Add(map(r))).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> once per row, <paramref name="bind"/> setting the row's values on the parameters
    /// named by <paramref name="names"/> (in that order): one command bound once, for an engine that runs statements one
    /// at a time. Each row costs only its values, not a statement's parameters made again.
    /// </summary>
    public Task ExecuteEachAsync<TRow>(string sql, IReadOnlyList<TRow> rows, Action<TRow, DbParameterCollection> bind, params string[] names) =>
        EachAsync(sql, rows, bind, names, (command, _) => command.ExecuteNonQueryAsync(CancellationToken));

    /// <summary>
    /// Runs the query <paramref name="sql"/> once per row, as <see cref="ExecuteEachAsync{TRow}"/> runs a statement,
    /// adding what <paramref name="map"/> makes of each result row to the returned list.
    /// </summary>
    public async Task<List<T>> QueryEachAsync<TRow, T>(string sql, IReadOnlyList<TRow> rows, Action<TRow, DbParameterCollection> bind,
        Func<TRow, DbDataReader, T> map, params string[] names)
    {
        var results = new List<T>(rows.Count);
        await EachAsync(sql, rows, bind, names, async (command, row) =>
        {
            await using var reader = await command.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken).ConfigureAwait(false)) results.Add(map(row, reader));
        }).ConfigureAwait(false);
        return results;
    }

    private async Task EachAsync<TRow>(string sql, IReadOnlyList<TRow> rows, Action<TRow, DbParameterCollection> bind, string[] names,
        Func<DbCommand, TRow, Task> run)
    {
        if (rows.Count == 0) return;
        var command = Rent(new Statement(sql, [.. names.Select(name => (name, (object?)null))]));
        Statements += rows.Count - 1;
        RoundTrips += rows.Count - 1;
        try
        {
            foreach (var row in rows)
            {
                bind(row, command.Parameters);
                await run(command, row).ConfigureAwait(false);
            }
        }
        finally
        {
            await ReturnAsync(command).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the batch's statements in order: one round trip where the provider batches (PostgreSQL), else one by one.</summary>
    public async Task RunAsync(StatementBatch batch)
    {
        if (batch.Entries.Count == 0) return;
        if (prepared is not null || !connection.CanCreateBatch)
        {
            foreach (var (statement, readRow) in batch.Entries)
            {
                if (readRow is null) await ExecuteAsync(statement.Sql, statement.Parameters).ConfigureAwait(false);
                else await ReadAsync(statement, readRow).ConfigureAwait(false);
            }
            return;
        }

        Statements += batch.Entries.Count;
        RoundTrips++;
        await using var dbBatch = connection.CreateBatch();
        dbBatch.Transaction = transaction;
        foreach (var (statement, _) in batch.Entries)
        {
            var command = dbBatch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
            }
            dbBatch.BatchCommands.Add(command);
        }
        await using var reader = await dbBatch.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
        // One result set per statement that returns rows, in statement order.
        var first = true;
        foreach (var (_, readRow) in batch.Entries)
        {
            if (readRow is null) continue;
            if (!first) await reader.NextResultAsync(CancellationToken).ConfigureAwait(false);
            first = false;
            while (await reader.ReadAsync(CancellationToken).ConfigureAwait(false)) readRow(reader);
        }
        // Draining the remaining results surfaces an error raised by a later statement.
        while (await reader.NextResultAsync(CancellationToken).ConfigureAwait(false)) { }
    }

    /// <summary>Runs the batch and commits the transaction in the same round trip (see <see cref="SqlDialect.CommitsWithLastBatch"/>).</summary>
    public async Task RunAndCommitAsync(StatementBatch batch)
    {
        if (transaction is null) throw new InvalidOperationException("Only a write's transaction can be committed with its last batch.");
        batch.Add("COMMIT");
        await RunAsync(batch).ConfigureAwait(false);
        Committed = true;
    }

    private async Task ReadAsync(Statement statement, Action<DbDataReader> readRow)
    {
        var command = Rent(statement);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken).ConfigureAwait(false)) readRow(reader);
        }
        finally
        {
            await ReturnAsync(command).ConfigureAwait(false);
        }
    }

    private DbCommand Rent(Statement statement)
    {
        Statements++;
        RoundTrips++;
        DbCommand command;
        if (prepared is not null)
        {
            command = prepared.Prepared(statement.Sql, transaction);
            if (TryRebind(command.Parameters, statement.Parameters))
            {
                return command;
            }
            command.Parameters.Clear();
        }
        else
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement.Sql;
        }
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        }
        return command;
    }

    /// <summary>A kept command run again with the same parameter names, in order, only takes the new values.</summary>
    private static bool TryRebind(DbParameterCollection bound, (string Name, object? Value)[] parameters)
    {
        if (bound.Count != parameters.Length) return false;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!ReferenceEquals(bound[i].ParameterName, ParameterNames.Prefixed(parameters[i].Name))) return false;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            bound[i].Value = parameters[i].Value ?? DBNull.Value;
        }
        return true;
    }

    private ValueTask ReturnAsync(DbCommand command) => prepared is null ? command.DisposeAsync() : ValueTask.CompletedTask;

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = ParameterNames.Prefixed(name);
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
