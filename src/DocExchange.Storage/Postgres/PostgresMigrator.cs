namespace DocExchange.Storage.Postgres;

/// <summary>
/// Applies the migrations of <see cref="PostgresSchema"/> that schema_migrations does not list, each in its own
/// transaction under an advisory lock, so server instances starting together apply each step exactly once
/// (PostgreSQL DDL is transactional: a failed step leaves nothing behind).
/// </summary>
internal static class PostgresMigrator
{
    public static async Task MigrateAsync(PostgresDatabase db, CancellationToken cancellationToken)
    {
        foreach (var migration in PostgresSchema.Migrations)
        {
            await db.WriteAsync(async s =>
            {
                await s.ExecuteAsync(PostgresSql.LockMigrations).ConfigureAwait(false);
                await s.ExecuteAsync(PostgresSql.CreateMigrationsTable).ConfigureAwait(false);
                var applied = await s.QueryAsync(PostgresSql.SelectMigrationVersions, r => r.GetInt32(0)).ConfigureAwait(false);
                var newest = PostgresSchema.Migrations[^1].Version;
                if (applied.Count > 0 && applied[^1] > newest)
                    throw new InvalidOperationException(
                        $"the database schema is at version {applied[^1]}, newer than this build knows ({newest}): upgrade this server instance");
                if (applied.Contains(migration.Version)) return (false, 0);
                await s.ExecuteAsync(migration.Sql).ConfigureAwait(false);
                await s.ExecuteAsync(PostgresSql.InsertMigration,
                    ("version", migration.Version), ("name", migration.Name), ("at", DateTimeOffset.UtcNow.UtcTicks)).ConfigureAwait(false);
                return (true, 0);
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
