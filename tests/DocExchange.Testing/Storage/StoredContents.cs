using Microsoft.Data.Sqlite;

namespace DocExchange.Testing.Storage;

/// <summary>
/// The part contents a SQLite server stores under its data directory, read as files and rows, not through its code:
/// the committed blob files (blobs/, named by SHA-256) and the rows of part_contents in docexchange.db.
/// </summary>
public static class StoredContents
{
    /// <summary>Every stored content, named as stored; blob files first.</summary>
    public static async Task<List<(string Name, byte[] Bytes)>> ReadAsync(string dataDirectory)
    {
        var stored = BlobFiles(dataDirectory).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "docexchange.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256, content FROM part_contents ORDER BY sha256";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
        return stored;
    }

    /// <summary>The committed blob files (not the temporary ones of uploads in progress).</summary>
    public static List<string> BlobFiles(string dataDirectory) =>
        Directory.GetFiles(Path.Combine(dataDirectory, "blobs"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
}
