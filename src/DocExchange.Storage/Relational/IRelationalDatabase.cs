namespace DocExchange.Storage.Relational;

/// <summary>One engine's connections and transactions, and the SQL it speaks.</summary>
internal interface IRelationalDatabase
{
    /// <summary>The statements in this engine's dialect.</summary>
    RelationalSql Sql { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction; its changes are kept when work returns true, and the result
    /// is returned once they are committed. An engine may share the transaction with other callers' writes, each
    /// undone alone when it fails (SQLite's group commit, see its database).
    /// </summary>
    /// <remarks>A full disk is refused as RESOURCE_EXHAUSTED (<see cref="Files.OutOfSpace"/>).</remarks>
    Task<T> WriteAsync<T>(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> for reading; see each engine for the snapshot its statements share.</summary>
    Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);
}
