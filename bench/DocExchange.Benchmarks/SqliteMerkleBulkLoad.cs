using DocExchange.Audit.Merkle;
using Microsoft.Data.Sqlite;

namespace DocExchange.Benchmarks;

/// <summary>
/// Writes a bulk-built tree into a fresh, throwaway SQLite database of the server's schema (tables merkle_nodes and
/// merkle_tree), without a journal or fsync and with SQLite slicing each level's hashes itself: row by row through
/// <see cref="IMerkleNodeStore.AppendAsync"/>, 20M nodes take minutes, and the benchmark measures proofs, not building.
/// No other connection may be open on the file.
/// </summary>
internal static class SqliteMerkleBulkLoad
{
    private const int Chunk = 1 << 20;

    // One row per 32-byte slice of $hashes (SQLite's substr counts bytes in a blob, from 1).
    private const string InsertSlices = """
        WITH RECURSIVE slice(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM slice WHERE n + 1 < $count)
        INSERT INTO merkle_nodes (level, node_index, hash)
        SELECT $level, $first + n, substr($hashes, n * 32 + 1, 32) FROM slice
        """;

    public static async Task WriteAsync(string databasePath, MerkleLevels tree)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576");
        await using (var transaction = connection.BeginTransaction())
        {
            if (await ScalarAsync(connection, transaction, "SELECT size FROM merkle_tree WHERE id = 0") is not 0L)
            {
                throw new InvalidOperationException("A bulk-built tree starts from an empty store.");
            }
            await using var insert = new SqliteCommand(InsertSlices, connection, transaction);
            var count = insert.Parameters.Add("$count", SqliteType.Integer);
            var level = insert.Parameters.Add("$level", SqliteType.Integer);
            var first = insert.Parameters.Add("$first", SqliteType.Integer);
            var hashes = insert.Parameters.Add("$hashes", SqliteType.Blob);
            for (int l = 0; l < tree.Levels.Count; l++)
            {
                var nodes = tree.Levels[l].Length / MerkleHasher.HashSize;
                for (int start = 0; start < nodes; start += Chunk)
                {
                    int n = Math.Min(Chunk, nodes - start);
                    count.Value = n;
                    level.Value = l;
                    first.Value = start;
                    hashes.Value = tree.Levels[l].AsSpan(start * MerkleHasher.HashSize, n * MerkleHasher.HashSize).ToArray();
                    if (await insert.ExecuteNonQueryAsync() != n)
                    {
                        throw new InvalidOperationException($"Bulk insert of level {l} from {start} wrote a different number of nodes than {n}.");
                    }
                }
            }
            await using var size = new SqliteCommand("UPDATE merkle_tree SET size = $size WHERE id = 0", connection, transaction);
            size.Parameters.AddWithValue("$size", tree.Size);
            await size.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        // Back to the mode the server's store runs in.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL");
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync();
    }
}
