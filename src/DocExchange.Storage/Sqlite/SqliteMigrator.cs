namespace DocExchange.Storage.Sqlite;

/// <summary>Applies the migrations of <see cref="SqliteSchema"/> that the schema_migrations table does not list, each in its own transaction.</summary>
internal static class SqliteMigrator
{
    public static async Task MigrateAsync(SqliteDatabase db, CancellationToken cancellationToken)
    {
        // journal_mode is a property of the file and cannot change inside a transaction.
        await using (var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = SqliteSql.EnableWal;
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}'): put the database on a local file system");
        }

        foreach (var migration in SqliteSchema.Migrations)
        {
            await db.WriteAsync(async s =>
            {
                await s.ExecuteAsync(SqliteSql.CreateMigrationsTable).ConfigureAwait(false);
                var applied = await s.QueryAsync(SqliteSql.SelectMigrationVersions, r => r.GetInt32(0)).ConfigureAwait(false);
                if (applied.Contains(migration.Version)) return (false, 0);
                await s.ExecuteAsync(migration.Sql).ConfigureAwait(false);
                await s.ExecuteAsync(SqliteSql.InsertMigration,
                    ("version", migration.Version), ("name", migration.Name), ("at", DateTimeOffset.UtcNow.UtcTicks)).ConfigureAwait(false);
                return (true, 0);
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
