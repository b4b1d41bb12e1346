using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Counts the pages a store writes to a real SQLite database in WAL mode: the WAL is emptied (checkpointed and
/// truncated), the writes run, and the WAL's frames are then read from the file and each frame's page is named by the
/// b-tree (table or index) that owns it, by walking the b-trees.
/// </summary>
public sealed class SqliteWalFrames(string databasePath)
{
    private const int WalHeaderSize = 32;
    private const int FrameHeaderSize = 24;

    private SqliteConnection Open() => new($"Data Source={databasePath};Pooling=False");

    /// <summary>Checkpoints every frame into the database and truncates the WAL, so that the next write starts it afresh.</summary>
    public async Task EmptyAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) == 0, "the WAL could not be checkpointed: a reader held it");
    }

    /// <summary>The pages of the frames in the WAL since it was emptied, in order (a page written by two transactions counts twice).</summary>
    public IReadOnlyList<uint> FramePages()
    {
        var wal = databasePath + "-wal";
        if (!File.Exists(wal)) return [];
        using var stream = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        if (bytes.Length < WalHeaderSize) return [];
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
        var salts = bytes.AsSpan(16, 8).ToArray();
        var pages = new List<uint>();
        // A frame belongs to this WAL while its salts match the header's (older frames past the end carry old salts).
        for (var at = WalHeaderSize; at + FrameHeaderSize + pageSize <= bytes.Length; at += FrameHeaderSize + pageSize)
        {
            if (!bytes.AsSpan(at + 8, 8).SequenceEqual(salts)) break;
            pages.Add(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)));
        }
        return pages;
    }

    /// <summary>
    /// The b-tree (table or index) owning each interior and leaf page of the database, found by walking every b-tree
    /// from its root page in the database file once the WAL is checkpointed (overflow and free pages are left out).
    /// </summary>
    public async Task<IReadOnlyDictionary<uint, string>> PageOwnersAsync()
    {
        var roots = new List<(string Name, uint Root)>();
        await using (var connection = Open())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.NextResultAsync();
            while (await reader.ReadAsync()) roots.Add((reader.GetString(0), (uint)reader.GetInt64(1)));
        }
        var file = await File.ReadAllBytesAsync(databasePath);
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(16)) is var size && size == 1 ? 65536 : size;
        var owners = new Dictionary<uint, string>();
        foreach (var (name, root) in roots)
        {
            var pending = new Stack<uint>([root]);
            while (pending.TryPop(out var page))
            {
                owners[page] = name;
                var image = file.AsSpan((int)(page - 1) * pageSize, pageSize);
                var header = page == 1 ? 100 : 0;
                var type = image[header];
                if (type is not (0x02 or 0x05)) continue; // a leaf
                var cells = BinaryPrimitives.ReadUInt16BigEndian(image[(header + 3)..]);
                pending.Push(BinaryPrimitives.ReadUInt32BigEndian(image[(header + 8)..]));
                for (var i = 0; i < cells; i++)
                {
                    var cell = BinaryPrimitives.ReadUInt16BigEndian(image[(header + 12 + 2 * i)..]);
                    pending.Push(BinaryPrimitives.ReadUInt32BigEndian(image[cell..]));
                }
            }
        }
        return owners;
    }

    /// <summary>The frames in the WAL since it was emptied, counted per owning b-tree ("page 1" for the header page).</summary>
    public async Task<IReadOnlyDictionary<string, int>> FramesByOwnerAsync()
    {
        var pages = FramePages();
        var owners = await PageOwnersAsync();
        return pages
            .GroupBy(p => p == 1 ? "page 1 (header)" : owners.GetValueOrDefault(p, "overflow or free"))
            .ToDictionary(g => g.Key, g => g.Count());
    }
}
