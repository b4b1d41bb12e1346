namespace DocExchange.Server.Telemetry;

/// <summary>
/// The bytes held in a folder and its subfolders, measured when asked and then reported unchanged for a while, so that
/// a scrape every few seconds does not walk a large blob folder every time.
/// </summary>
public sealed class FolderUsage(string path, TimeSpan refresh, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _bytes;
    private DateTimeOffset _measuredAt = DateTimeOffset.MinValue;

    public long Bytes()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _measuredAt >= refresh)
            {
                _bytes = Measure(path);
                _measuredAt = now;
            }

            return _bytes;
        }
    }

    private static long Measure(string path)
    {
        var total = 0L;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                    // Deleted while walking (a finished upload's spool file): no longer held.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Not created yet: nothing held.
        }

        return total;
    }
}
