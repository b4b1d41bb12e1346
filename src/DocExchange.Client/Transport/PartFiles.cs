namespace DocExchange.Client.Transport;

/// <summary>
/// Files being fetched: each part is written to a temporary file beside its target, moved into place only when
/// every part has been checked, and deleted otherwise, so a failed fetch leaves no partial file behind.
/// </summary>
internal sealed class PartFiles : IAsyncDisposable
{
    private readonly Dictionary<string, (string Target, string Temporary, FileStream Stream)> _open = new(StringComparer.Ordinal);
    private bool _committed;

    public Stream Open(string partId, string target)
    {
        if (_open.TryGetValue(partId, out var existing))
        {
            return existing.Stream;
        }

        // Named after nothing the sender chose: its length and characters are ours whatever the target's name.
        var temporary = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Guid.NewGuid():N}.partial");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        _open.Add(partId, (target, temporary, stream));
        return stream;
    }

    /// <summary>Flushes every file and moves it to its target, replacing what was there.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, temporary, stream) in _open.Values)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var (target, temporary, _) in _open.Values)
        {
            File.Move(temporary, target, overwrite: true);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, temporary, stream) in _open.Values)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                TryDelete(temporary);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind with its .partial suffix; it never carries the target's name.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
