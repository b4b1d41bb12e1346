using DocExchange.Storage.Postgres;
using DocExchange.Testing.Postgres;

namespace DocExchange.Benchmarks.Footprint;

/// <summary>
/// Audit bytes per event on PostgreSQL: pg_total_relation_size (heap, indexes, TOAST, free-space and visibility maps)
/// of the audit tables, each measured after VACUUM, on a throwaway cluster (the one the tests use).
/// </summary>
internal static class PostgresAuditFootprint
{
    private static readonly string[] Tables = ["audit_events", "audit_event_agencies", "audit_counter", "merkle_nodes", "merkle_tree", "audit_checkpoints"];
    private static readonly string Measure = $"growth of pg_total_relation_size over {string.Join(", ", Tables)}, after VACUUM";

    public static async Task<AuditStorageResult> MeasureAsync(int events, CancellationToken cancellationToken)
    {
        PostgresTestCluster cluster;
        try
        {
            cluster = await PostgresTestCluster.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return AuditStorageResult.Failed("postgresql", Measure, e.Message.Split('\n')[0]);
        }
        var blobs = Path.Combine(Path.GetTempPath(), "docexchange-bench-footprint-pg-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var database = await cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
            using var key = AuditStorageFootprint.NewKey();
            await using var storage = await PostgresStorage.OpenAsync(new PostgresStorageOptions { ConnectionString = database.ConnectionString, BlobDirectory = blobs }, cancellationToken);
            Task<DocExchange.Audit.Trail.AuditLog> OpenLog() => storage.OpenAuditLogAsync(key, AuditStorageFootprint.Options, TimeProvider.System, cancellationToken);

            await AuditStorageFootprint.AppendAsync(storage.AuditEvents, OpenLog, 0, AuditStorageFootprint.WarmUpEvents, cancellationToken);
            long before = await SizeAsync(database, cancellationToken);
            await AuditStorageFootprint.AppendAsync(storage.AuditEvents, OpenLog, AuditStorageFootprint.WarmUpEvents, events, cancellationToken);
            long after = await SizeAsync(database, cancellationToken);
            return new AuditStorageResult("postgresql", events, after - before, (after - before) / (double)events, Measure, null);
        }
        finally
        {
            await cluster.DisposeAsync();
            if (Directory.Exists(blobs))
            {
                Directory.Delete(blobs, recursive: true);
            }
        }
    }

    private static async Task<long> SizeAsync(PostgresTestDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var vacuum = new Npgsql.NpgsqlCommand($"VACUUM {string.Join(", ", Tables)}", connection))
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        var sum = string.Join(" + ", Tables.Select(t => $"pg_total_relation_size('{t}')"));
        await using var size = new Npgsql.NpgsqlCommand($"SELECT {sum}", connection);
        return Convert.ToInt64(await size.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
