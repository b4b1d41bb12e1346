namespace DocExchange.Server.Services;

/// <summary>A spool file in the temporary directory, deleted when disposed (or by the OS if the process dies).</summary>
internal static class TemporaryFile
{
    public static FileStream Create(string purpose) => new(
        Path.Combine(Path.GetTempPath(), $"docexchange-{purpose}-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
}
