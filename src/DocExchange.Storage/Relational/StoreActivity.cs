namespace DocExchange.Storage.Relational;

/// <summary>
/// What an exchange store has asked of its database since it opened: SQL statements, round trips and transactions,
/// counted as they run. The audit log's own integration work on the same database is not included.
/// </summary>
public sealed class StoreActivity
{
    private long _statements;
    private long _roundTrips;
    private long _transactions;

    /// <summary>SQL statements run inside the store's transactions (a batch counts each of its statements).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>Round trips those statements took: a batch the provider sends at once (PostgreSQL) is one.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Read and write transactions run, each also a BEGIN and a COMMIT (or a savepoint and its release).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    internal void Add(DbSession session)
    {
        Interlocked.Add(ref _statements, session.Statements);
        Interlocked.Add(ref _roundTrips, session.RoundTrips);
        Interlocked.Increment(ref _transactions);
    }
}
