using System.Globalization;

namespace DocExchange.Samples.AgencyDmsBridge.Files;

/// <summary>A saved stream position (an inbox cursor, a status sequence): one number in a file, replaced atomically.</summary>
public static class CursorFile
{
    /// <summary>The saved position, or 0 (the beginning) when there is none or it is unreadable.</summary>
    public static async Task<long> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : 0;
    }

    public static Task WriteAsync(string path, long position, CancellationToken cancellationToken) =>
        DurableFiles.WriteTextAsync(path, position.ToString(CultureInfo.InvariantCulture), cancellationToken);
}
