using System.Data;
using DocExchange.Storage.Relational;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// Pooled connections to the shared database. Writes run in READ COMMITTED transactions: concurrency between
/// server instances is handled by unique keys (ON CONFLICT, or a unique violation that rolls the write back), row
/// versions and the commit-order lock, not by a stricter isolation level that would make writers retry.
/// </summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource) : IRelationalDatabase, IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public RelationalSql Sql { get; } = new(new PostgresDialect());

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction. It commits when work returns true, unless the work's last
    /// batch has committed it already (every write that appends an audit event: see <see cref="DbSession.RunAndCommitAsync"/>).
    /// </summary>
    /// <remarks>A full disk on the database server (SQLSTATE 53100) is refused as RESOURCE_EXHAUSTED (<see cref="Files.OutOfSpace"/>).</remarks>
    public async Task<T> WriteAsync<T>(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            var session = new DbSession(connection, transaction, null, cancellationToken);
            var (commit, result) = await work(session).ConfigureAwait(false);
            if (session.Committed)
            {
                // Committed with its last batch (PostgresDialect.CommitsWithLastBatch): nothing is left to decide.
                if (!commit) throw new InvalidOperationException("A write asked to roll back after it had committed with its last batch.");
            }
            else if (commit) await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            else await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DiskFull)
        {
            throw Files.OutOfSpace.Refusal("its database", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection without a transaction: each statement sees what was committed
    /// when it started. That suffices for the reads that combine statements: a document with its parts, recipients
    /// and route is committed in one transaction before any inbox entry or listing names it, and those rows never change
    /// (only a recipient's stage does, which a listing reports as of its own statement).
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(new DbSession(connection, null, null, cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
