using DocExchange.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// Opens configured connections to one SQLite file and runs its writes. SQLite allows one writer at a time, so writes
/// wait in a queue here (and on BEGIN IMMEDIATE across processes) while reads run concurrently under WAL. The writer
/// commits whatever has queued up in one transaction (group commit): one fsync for many callers, each answered only
/// once that commit is durable.
/// </summary>
internal sealed class SqliteDatabase : IRelationalDatabase, IDisposable
{
    // Enough to share a commit among all the writers a busy server has in flight; bounds how long the first waits.
    private const int MaxWritesPerCommit = 64;
    private const string WriteSavepoint = "queued_write";

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    // Held while the writer connection is used: by each commit, and by Dispose.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Queue<QueuedWrite> _queue = new();
    private bool _draining;
    private long _commits;
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

    /// <summary>Write transactions committed so far (each may carry several callers' writes).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: durability of each commit, and waiting instead of failing on a locked file. temp_store =
            // MEMORY keeps the sub-journal of the group commit's savepoints in memory: by default it spills to a temporary
            // file past 64 KiB, which cost about 70 write system calls per document. It serves only to roll back to a
            // savepoint, never crash recovery (the WAL does that), so durability is unchanged.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA temp_store = MEMORY;";
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
    /// Runs <paramref name="work"/> in a write transaction (BEGIN IMMEDIATE), possibly shared with other callers'
    /// writes, each behind its own savepoint. Its changes are kept when work returns true; the result is returned once
    /// they are durable. A failure of work (or a false return) undoes only its own changes. A full disk is refused as
    /// RESOURCE_EXHAUSTED (<see cref="Files.OutOfSpace"/>).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken)
    {
        if (_disposed) return Task.FromException<T>(new ObjectDisposedException(GetType().FullName));
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var write = new QueuedWrite<T>(work, cancellationToken);
        lock (_queue)
        {
            _queue.Enqueue(write);
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }
        }
        return write.Answered;
    }

    /// <summary>Commits what waits in the queue, a group at a time, until it is empty.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            var group = new List<QueuedWrite>();
            lock (_queue)
            {
                while (group.Count < MaxWritesPerCommit && _queue.TryDequeue(out var write))
                {
                    if (write.TryTake()) group.Add(write);
                }
                if (group.Count == 0)
                {
                    _draining = false;
                    return;
                }
            }
            await CommitGroupAsync(group).ConfigureAwait(false);
        }
    }

    /// <summary>Commits <paramref name="group"/> and answers every write in it; never throws.</summary>
    private async Task CommitGroupAsync(List<QueuedWrite> group)
    {
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                foreach (var write in group) write.Fail(new ObjectDisposedException(GetType().FullName));
                return;
            }
            var unanswered = group.Count == 1 ? group : await TryCommitTogetherAsync(group).ConfigureAwait(false);
            // The shared transaction failed as a whole, so nothing in it was committed: each write runs again alone,
            // and one write's failure is its own.
            foreach (var write in unanswered) await CommitAloneAsync(write).ConfigureAwait(false);
        }
        catch (Exception unexpected)
        {
            foreach (var write in group) write.Fail(unexpected);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Runs the writes in one transaction, each behind a savepoint, and commits it. A write that fails is answered with
    /// its failure at once, its changes rolled back to its savepoint; the others are answered after the commit.
    /// Returns the writes left unanswered: none, or those to run again alone when the transaction itself failed.
    /// </summary>
    private async Task<IReadOnlyList<QueuedWrite>> TryCommitTogetherAsync(List<QueuedWrite> group)
    {
        var failed = new HashSet<QueuedWrite>();
        PreparedConnection? connection = null;
        try
        {
            connection = _writer ??= new PreparedConnection(await OpenAsync(CancellationToken.None).ConfigureAwait(false));
            await using var transaction = Begin(connection, deferred: false);
            foreach (var write in group)
            {
                await transaction.SaveAsync(WriteSavepoint, CancellationToken.None).ConfigureAwait(false);
                bool keep;
                try
                {
                    keep = await write.RunAsync(new DbSession(connection.Connection, transaction, connection, write.CancellationToken)).ConfigureAwait(false);
                }
                catch (Exception failure)
                {
                    write.Fail(Refusal(failure));
                    failed.Add(write);
                    keep = false;
                }
                // Fails when the engine has rolled back the whole transaction (e.g. on SQLITE_FULL): caught below.
                if (!keep) await transaction.RollbackAsync(WriteSavepoint, CancellationToken.None).ConfigureAwait(false);
                await transaction.ReleaseAsync(WriteSavepoint, CancellationToken.None).ConfigureAwait(false);
            }
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            if (connection is not null) await DropWriterAsync(connection).ConfigureAwait(false);
            return group.Where(write => !failed.Contains(write)).ToList();
        }
        Interlocked.Increment(ref _commits);
        // As after a lone write's failure, the next writer starts on a fresh connection.
        if (failed.Count > 0) await DropWriterAsync(connection).ConfigureAwait(false);
        foreach (var write in group.Where(write => !failed.Contains(write))) write.Answer();
        return [];
    }

    /// <summary>Runs one write in its own transaction and answers it.</summary>
    private async Task CommitAloneAsync(QueuedWrite write)
    {
        try
        {
            var connection = _writer ??= new PreparedConnection(await OpenAsync(write.CancellationToken).ConfigureAwait(false));
            try
            {
                await using (var transaction = Begin(connection, deferred: false))
                {
                    var commit = await write.RunAsync(new DbSession(connection.Connection, transaction, connection, write.CancellationToken)).ConfigureAwait(false);
                    if (commit)
                    {
                        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                        Interlocked.Increment(ref _commits);
                    }
                    else await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                write.Answer();
            }
            catch (Exception)
            {
                // Whatever state the failure left the connection in, the next writer starts on a fresh one.
                await DropWriterAsync(connection).ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception failure)
        {
            write.Fail(Refusal(failure));
        }
    }

    private async Task DropWriterAsync(PreparedConnection connection)
    {
        if (ReferenceEquals(_writer, connection)) _writer = null;
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception closing) when (closing is SqliteException or InvalidOperationException)
        {
            // The failure that brought us here is the one to report.
        }
    }

    // SQLITE_FULL: the transaction rolled back; the next write succeeds once space is freed.
    private static Exception Refusal(Exception failure) =>
        failure is SqliteException { SqliteErrorCode: SqliteFull } || Files.OutOfSpace.IsOutOfSpace(failure)
            ? Files.OutOfSpace.Refusal("its database", failure)
            : failure;

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

    /// <summary>Closes the kept and pooled connections, releasing the file; a commit in flight finishes first.</summary>
    public void Dispose()
    {
        _disposed = true;
        // Writes that come later, or still wait in the queue, find the database disposed; the gate itself stays usable.
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
