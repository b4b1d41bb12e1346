namespace DocExchange.Storage.Sqlite;

/// <summary>Where the embedded store keeps its data.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The SQLite database file, e.g. <c>data/docexchange.db</c>. Created when missing.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "docexchange.db");

    /// <summary>The blob folder, e.g. <c>data/blobs</c>. Created when missing.</summary>
    public string BlobDirectory { get; set; } = Path.Combine("data", "blobs");

    /// <summary>How long a statement waits for another process's write lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
