namespace DocExchange.Storage.Files;

/// <summary>
/// Deletes the temporary files a dead upload left behind (a server killed mid-send: spool files, blobs' <c>.part</c>
/// files). A live upload holds its file open with <see cref="FileShare.None"/>, which on Linux is an advisory lock
/// (flock) that every process on the host sees and that dies with the process; so a file that can be locked belongs to
/// no live upload, in this process or another sharing the folder.
/// </summary>
public static class AbandonedFiles
{
    /// <summary>
    /// Deletes every file matching <paramref name="pattern"/> in <paramref name="directory"/> that no live upload holds
    /// and that was last written at least <paramref name="minimumIdle"/> ago (which covers the instant between a
    /// writer creating its file and locking it). A missing folder is nothing to sweep.
    /// </summary>
    /// <returns>How many files were deleted, and their bytes.</returns>
    public static (int Files, long Bytes) Sweep(string directory, string pattern, TimeSpan minimumIdle, DateTimeOffset now)
    {
        if (!Directory.Exists(directory)) return (0, 0);
        var (files, bytes) = (0, 0L);
        foreach (var path in Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(path) < minimumIdle) continue;
                // Locked while deleted, so no writer can take it in between.
                using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                var length = probe.Length;
                File.Delete(path);
                (files, bytes) = (files + 1, bytes + length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live upload, or gone already.
            }
        }
        return (files, bytes);
    }
}
