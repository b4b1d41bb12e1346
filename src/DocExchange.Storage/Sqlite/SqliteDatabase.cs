using DocExchange.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// Opens configured connections to one SQLite file and serialises writers: SQLite allows one writer at a time,
/// so writes queue on a gate here (and on BEGIN IMMEDIATE across processes) while reads run concurrently under WAL.
/// </summary>
internal sealed class SqliteDatabase : IRelationalDatabase, IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Open connections with their prepared statements: the writer's (used under the gate) and idle readers'.
    private readonly System.Collections.Concurrent.ConcurrentBag<PreparedConnection> _idleReaders = [];
    private PreparedConnection? _writer;
    private const int MaxIdleReaders = 16;

    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        _busyTimeoutMs = (int)busyTimeout.TotalMilliseconds;
    }

    public RelationalSql Sql { get; } = new(new SqliteDialect());

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: durability of each commit, and waiting instead of failing on a locked file.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {_busyTimeoutMs};";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private const int SqliteFull = 13;

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE). It commits when work returns true.
    /// A full disk is refused as RESOURCE_EXHAUSTED (<see cref="Files.OutOfSpace"/>).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _writer ??= new PreparedConnection(await OpenAsync(cancellationToken).ConfigureAwait(false));
            try
            {
                T result;
                await using (var transaction = Begin(connection, deferred: false))
                {
                    bool commit;
                    (commit, result) = await work(new DbSession(connection.Connection, transaction, connection, cancellationToken)).ConfigureAwait(false);
                    if (commit) await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    else await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                return result;
            }
            catch (Exception failure)
            {
                // Whatever state the failure left the connection in, the next writer starts on a fresh one.
                _writer = null;
                try
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception closing) when (closing is SqliteException or InvalidOperationException)
                {
                    // The failure that brought us here is the one to report.
                }
                // SQLITE_FULL: the transaction rolled back; the next write succeeds once space is freed.
                if (failure is SqliteException { SqliteErrorCode: SqliteFull } || Files.OutOfSpace.IsOutOfSpace(failure))
                    throw Files.OutOfSpace.Refusal("its database", failure);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction, so its several queries see one snapshot.</summary>
    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = _idleReaders.TryTake(out var idle) ? idle : new PreparedConnection(await OpenAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            T result;
            await using (var transaction = Begin(connection, deferred: true))
            {
                result = await work(new DbSession(connection.Connection, transaction, connection, cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            if (_idleReaders.Count < MaxIdleReaders && !_disposed)
            {
                _idleReaders.Add(connection);
                connection = null;
                if (_disposed)
                {
                    // Disposed while this read finished: close what Dispose may have missed.
                    await CloseIdleReadersAsync().ConfigureAwait(false);
                }
            }
            return result;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private volatile bool _disposed;

    // BEGIN IMMEDIATE takes the file's write lock at once; BEGIN DEFERRED reads a snapshot.
    private static SqliteTransaction Begin(PreparedConnection connection, bool deferred) =>
        ((SqliteConnection)connection.Connection).BeginTransaction(deferred);

    private async Task CloseIdleReadersAsync()
    {
        while (_idleReaders.TryTake(out var reader))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the kept and pooled connections, releasing the file; a write in flight finishes first.</summary>
    public void Dispose()
    {
        _disposed = true;
        // Writers that come later find the database disposed; the gate itself stays usable so none waits forever.
        _writeGate.Wait();
        try
        {
            _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer = null;
        }
        finally
        {
            _writeGate.Release();
        }
        CloseIdleReadersAsync().GetAwaiter().GetResult();
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
    }
}
