using DocExchange.Storage.Relational;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The exchange store that several server instances share: one PostgreSQL database. Every write is one READ COMMITTED
/// transaction that ends by taking the commit-order lock (see <see cref="PostgresSql.LockCommitOrder"/>), drawing its
/// audit sequence, appending its ordered rows and its audit event, and NOTIFYing the changed topics, so that
/// subscribers on every instance wake up (see <see cref="PostgresChangeNotifier"/>). Create it with
/// <see cref="OpenAsync"/>, which applies pending schema migrations.
/// </summary>
public sealed class PostgresExchangeStore : RelationalExchangeStore, IAsyncDisposable
{
    private PostgresExchangeStore(PostgresDatabase db) : base(db) => Database = db;

    /// <summary>The shared connections, for the audit stores over the same database.</summary>
    internal PostgresDatabase Database { get; }

    /// <summary>Connects through <paramref name="dataSource"/> (which the store then owns) and brings the schema up to date.</summary>
    public static async Task<PostgresExchangeStore> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var db = new PostgresDatabase(dataSource);
        try
        {
            await PostgresMigrator.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
            return new PostgresExchangeStore(db);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
