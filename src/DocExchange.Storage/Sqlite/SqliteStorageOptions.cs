namespace DocExchange.Storage.Sqlite;

/// <summary>Where the embedded store keeps its data.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The SQLite database file, e.g. <c>data/docexchange.db</c>. Created when missing.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "docexchange.db");

    /// <summary>The blob folder, e.g. <c>data/blobs</c>. Created when missing.</summary>
    public string BlobDirectory { get; set; } = Path.Combine("data", "blobs");

    /// <summary>
    /// The largest part, in bytes, stored in the database with its send rather than as a blob file (0: none). See
    /// <see cref="Relational.RelationalBlobStore"/>.
    /// </summary>
    public int InlineContentLimit { get; set; } = Relational.RelationalBlobStore.DefaultInlineLimit;

    /// <summary>How long a statement waits for another process's write lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
