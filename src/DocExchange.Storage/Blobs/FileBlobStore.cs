using DocExchange.Core.Storage;
using DocExchange.Storage.Files;

namespace DocExchange.Storage.Blobs;

/// <summary>
/// Content-addressed blobs in a folder: <c>{root}/ab/cd/abcd…</c> named by the lowercase hex SHA-256.
/// A blob is written to <c>{root}/.tmp</c> (same file system, so the rename is atomic), fsync'ed, renamed into
/// place and its directory fsync'ed. A blob whose hash exists already is not written again.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private const int BufferSize = 64 * 1024;

    public FileBlobStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        TempDirectory = Path.Combine(RootDirectory, ".tmp");
        Directory.CreateDirectory(TempDirectory);
    }

    public string RootDirectory { get; }

    /// <summary>Where blobs are written before they are committed.</summary>
    public string TempDirectory { get; }

    /// <summary>The name ending of a blob being written in <see cref="TempDirectory"/>.</summary>
    public const string TemporarySuffix = ".part";

    /// <summary>
    /// Deletes the temporary files of writes that died with their process (a kill mid-upload) and that no live writer
    /// holds, last written at least <paramref name="minimumIdle"/> ago.
    /// </summary>
    public (int Files, long Bytes) SweepAbandoned(TimeSpan minimumIdle, DateTimeOffset now) =>
        AbandonedFiles.Sweep(TempDirectory, "*" + TemporarySuffix, minimumIdle, now);

    /// <summary>Starts a write to a temporary file, whatever its size: this store keeps nothing inline.</summary>
    public Task<IBlobWriter> BeginWriteAsync(long declaredSize, CancellationToken cancellationToken) => BeginWriteAsync(cancellationToken);

    public Task<IBlobWriter> BeginWriteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tempPath = Path.Combine(TempDirectory, $"{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            // FileShare.None locks the file while it is written: the sweep of abandoned files leaves it alone.
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult<IBlobWriter>(new FileBlobWriter(this, tempPath, stream));
        }
        catch (IOException e) when (OutOfSpace.IsOutOfSpace(e))
        {
            throw OutOfSpace.Refusal(FileBlobWriter.What, e);
        }
    }

    public async Task<BlobInfo> WriteAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var writer = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
        var info = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return info;
    }

    public Task<Stream?> OpenReadAsync(Sha256Digest sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(PathOf(sha256)));
    }

    /// <summary>The file a blob lives in.</summary>
    public string PathOf(Sha256Digest sha256)
    {
        var hex = sha256.Hex;
        return Path.Combine(RootDirectory, hex[..2], hex[2..4], hex);
    }

    /// <summary>Moves a completed, fsync'ed temporary file into place under its hash.</summary>
    internal void Publish(string tempPath, Sha256Digest sha256)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
        {
            File.Delete(tempPath);
            return;
        }

        var directory = Path.GetDirectoryName(target)!;
        var parent = Path.GetDirectoryName(directory)!;
        var createdParent = !Directory.Exists(parent);
        var createdDirectory = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        try
        {
            File.Move(tempPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another writer published the same content first: keep theirs.
            File.Delete(tempPath);
            return;
        }
        DirectorySync.Flush(directory);
        if (createdDirectory) DirectorySync.Flush(parent);
        if (createdParent) DirectorySync.Flush(RootDirectory);
    }
}
