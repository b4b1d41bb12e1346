using DocExchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DocExchange.Benchmarks.Footprint;

/// <summary>Audit bytes per event on SQLite: the whole database file, with the WAL checkpointed into it, before and after.</summary>
internal static class SqliteAuditFootprint
{
    private const string Measure = "growth of the database file (WAL checkpointed with TRUNCATE, so the -wal file is empty)";

    public static async Task<AuditStorageResult> MeasureAsync(int events, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "docexchange-bench-footprint-" + Guid.NewGuid().ToString("N"));
        var options = new SqliteStorageOptions
        {
            DatabasePath = Path.Combine(directory, "docexchange.db"),
            BlobDirectory = Path.Combine(directory, "blobs"),
        };
        using var key = AuditStorageFootprint.NewKey();
        try
        {
            await PhaseAsync(options, key, 0, AuditStorageFootprint.WarmUpEvents, cancellationToken);
            long before = await CheckpointedBytesAsync(options.DatabasePath, cancellationToken);
            await PhaseAsync(options, key, AuditStorageFootprint.WarmUpEvents, events, cancellationToken);
            long after = await CheckpointedBytesAsync(options.DatabasePath, cancellationToken);
            return new AuditStorageResult("sqlite", events, after - before, (after - before) / (double)events, Measure, null);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task PhaseAsync(SqliteStorageOptions options, System.Security.Cryptography.ECDsa key, long from, int count, CancellationToken cancellationToken)
    {
        using (var storage = await SqliteStorage.OpenAsync(options, cancellationToken))
        {
            await AuditStorageFootprint.AppendAsync(storage.AuditEvents,
                () => storage.OpenAuditLogAsync(key, AuditStorageFootprint.Options, null, TimeProvider.System, cancellationToken), from, count, cancellationToken);
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task<long> CheckpointedBytesAsync(string path, CancellationToken cancellationToken)
    {
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // One row: busy (0 when the checkpoint ran to completion), WAL frames, frames checkpointed.
            if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) != 0)
            {
                throw new InvalidOperationException("The WAL checkpoint of the footprint database did not complete: a connection is still open.");
            }
        }
        var wal = new FileInfo(path + "-wal");
        return new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
    }
}
