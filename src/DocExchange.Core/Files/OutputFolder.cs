namespace DocExchange.Core.Files;

/// <summary>
/// A folder that files are about to be written to, created if needed. Unless <see cref="Keep"/> is called, disposing
/// removes what it created (the folder and any parents it had to create), as long as they are still empty: a failed
/// or refused download leaves no empty folder behind.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private readonly List<string> _created;
    private bool _kept;

    private OutputFolder(string path, List<string> created)
    {
        Path = path;
        _created = created;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates <paramref name="folder"/> and its missing parents.</summary>
    public static OutputFolder Create(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(folder));
        var created = new List<string>();
        for (var missing = full; missing is not null && !Directory.Exists(missing) && !File.Exists(missing); missing = System.IO.Path.GetDirectoryName(missing))
        {
            created.Add(missing);
        }

        Directory.CreateDirectory(full);
        return new OutputFolder(full, created);
    }

    /// <summary>The download succeeded: the folder stays.</summary>
    public void Keep() => _kept = true;

    public void Dispose()
    {
        if (_kept)
        {
            return;
        }

        // Deepest first; a folder that is no longer empty (something else wrote there) is left alone.
        foreach (var folder in _created)
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
