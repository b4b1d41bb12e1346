using System.Security.Cryptography;
using DocExchange.Audit.Merkle;
using DocExchange.Storage.Sqlite;

namespace DocExchange.Benchmarks;

/// <summary>A Merkle node store for a benchmark: in memory, or the server's SQLite store in a temporary folder.</summary>
internal sealed class MerkleStores : IDisposable
{
    private readonly SqliteStorage? _sqlite;
    private readonly string? _directory;

    private MerkleStores(IMerkleNodeStore store, SqliteStorage? sqlite, string? directory)
    {
        Log = new MerkleLog(store);
        _sqlite = sqlite;
        _directory = directory;
    }

    public MerkleLog Log { get; }

    /// <summary>An empty store, or with <paramref name="tree"/> loaded in bulk and checked against the tree's root.</summary>
    public static async Task<MerkleStores> OpenAsync(string kind, MerkleLevels? tree = null)
    {
        var stores = kind switch
        {
            "memory" => await OpenMemoryAsync(tree),
            "sqlite" => await OpenSqliteAsync(tree),
            _ => throw new ArgumentException($"Unknown Merkle store '{kind}': use memory or sqlite.", nameof(kind)),
        };
        if (tree is not null)
        {
            await tree.VerifyAsync(stores.Log);
        }
        return stores;
    }

    private static async Task<MerkleStores> OpenMemoryAsync(MerkleLevels? tree)
    {
        var store = new InMemoryMerkleNodeStore();
        if (tree is not null)
        {
            await store.AppendAsync(0, tree.Size, tree.Nodes, CancellationToken.None);
        }
        return new MerkleStores(store, null, null);
    }

    private static async Task<MerkleStores> OpenSqliteAsync(MerkleLevels? tree)
    {
        var directory = Path.Combine(Path.GetTempPath(), "docexchange-bench-merkle-" + Guid.NewGuid().ToString("N"));
        var options = new SqliteStorageOptions
        {
            DatabasePath = Path.Combine(directory, "docexchange.db"),
            BlobDirectory = Path.Combine(directory, "blobs"),
        };
        var sqlite = await SqliteStorage.OpenAsync(options, CancellationToken.None);
        if (tree is not null)
        {
            // The store made the schema; the bulk load needs the file to itself, then the store reopens it.
            sqlite.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await SqliteMerkleBulkLoad.WriteAsync(options.DatabasePath, tree);
            sqlite = await SqliteStorage.OpenAsync(options, CancellationToken.None);
        }
        return new MerkleStores(sqlite.MerkleNodes, sqlite, directory);
    }

    /// <summary>Random 32-byte leaf hashes.</summary>
    public static byte[][] RandomLeafHashes(int count, int seed)
    {
        var random = new Random(seed);
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = new byte[32];
            random.NextBytes(hashes[i]);
        }
        return hashes;
    }

    /// <summary>Grows the log to <paramref name="size"/> leaves in batches (hashing each leaf as the integrator does).</summary>
    public async Task FillAsync(long size, int batch)
    {
        var leaf = new byte[64];
        var random = new Random(42);
        for (var done = await Log.GetTreeSizeAsync(CancellationToken.None); done < size;)
        {
            var count = (int)Math.Min(batch, size - done);
            var hashes = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                random.NextBytes(leaf);
                hashes[i] = SHA256.HashData(leaf);
            }
            await Log.AppendLeafHashesAsync(hashes, CancellationToken.None);
            done += count;
        }
    }

    public void Dispose()
    {
        _sqlite?.Dispose();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
