namespace DocExchange.Cli.Output;

/// <summary>
/// A file written under a temporary name beside its target and moved into place only when complete, so that a failed
/// or interrupted command never leaves a half-written PDF or export under the name asked for.
/// </summary>
public sealed class OutputFile : IAsyncDisposable
{
    private bool _committed;

    private OutputFile(string target, string temporary, FileStream stream)
    {
        Target = target;
        Temporary = temporary;
        Stream = stream;
    }

    public string Target { get; }

    public string Temporary { get; }

    /// <summary>Readable, writable and seekable.</summary>
    public FileStream Stream { get; }

    public static OutputFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(target);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw Hosting.DxException.Usage($"the folder of the output file '{target}' does not exist.");
        }
        string temporary = $"{target}.{Guid.NewGuid():N}.partial";
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true);
        return new OutputFile(target, temporary, stream);
    }

    /// <summary>Flushes to disk and moves the file to its name, replacing what was there.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync().ConfigureAwait(false);
        File.Move(Temporary, Target, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            File.Delete(Temporary);
        }
    }
}
