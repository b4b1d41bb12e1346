using System.Text;

namespace DocExchange.Samples.AgencyDmsBridge.Files;

/// <summary>Writes that survive a crash or power loss: content flushed to disk before it is renamed into place.</summary>
public static class DurableFiles
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: a temporary file, fsync, rename.</summary>
    public static Task WriteTextAsync(string path, string content, CancellationToken cancellationToken) =>
        WriteBytesAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: a temporary file, fsync, rename.</summary>
    public static async Task WriteBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Appends one line and flushes it to disk.</summary>
    public static async Task AppendLineAsync(string path, string line, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Forces an existing file's content to disk (fsync).</summary>
    public static void FlushToDisk(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.FlushToDisk(handle);
    }
}
