using DocExchange.Storage.Files;

namespace DocExchange.Server.Services;

/// <summary>
/// Where uploads too large for memory are spooled (<c>DocExchange:Storage:SpoolDirectory</c>, under the data directory
/// unless absolute): one file per stream, locked while in use and deleted when closed. What a killed server left
/// behind is swept at start-up and periodically (<see cref="AbandonedFiles"/>).
/// </summary>
public sealed class SpoolFolder
{
    private const string Prefix = "docexchange-";
    private const string Suffix = ".tmp";

    public SpoolFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>What a full spool folder is called in a refusal.</summary>
    public const string What = "its spool folder";

    /// <summary>A new spool file, deleted when disposed; a full disk is refused as RESOURCE_EXHAUSTED.</summary>
    public FileStream Create(string purpose)
    {
        try
        {
            return new FileStream(
                System.IO.Path.Combine(Path, $"{Prefix}{purpose}-{Guid.NewGuid():N}{Suffix}"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e))
        {
            throw OutOfSpace.Refusal(What, e);
        }
    }

    /// <summary>Deletes spool files no live upload holds, last written at least <paramref name="minimumIdle"/> ago.</summary>
    public (int Files, long Bytes) SweepAbandoned(TimeSpan minimumIdle, DateTimeOffset now) =>
        AbandonedFiles.Sweep(Path, Prefix + "*" + Suffix, minimumIdle, now);
}
