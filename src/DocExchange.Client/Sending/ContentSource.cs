using System.Security.Cryptography;

namespace DocExchange.Client.Sending;

/// <summary>Where a part's bytes come from: a file, bytes in memory, or a caller's stream.</summary>
internal abstract class ContentSource
{
    /// <summary>Can a retry read the content again from its start?</summary>
    public abstract bool CanReplay { get; }

    /// <summary>True once an attempt has read from a source that cannot be replayed.</summary>
    public bool Consumed { get; protected set; }

    /// <summary>Opens the content for one attempt, from its start. The caller disposes the result.</summary>
    public abstract OpenedContent Open();

    /// <summary>
    /// The content's SHA-256, read ahead of sending so that the server can tell at once whether a repeated message id
    /// repeats the same content; null for a stream that can be read only once.
    /// </summary>
    public virtual ValueTask<byte[]?> ComputeSha256Async(CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

    public static ContentSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? new FileSource(full) : throw new ArgumentException($"File '{full}' does not exist.", nameof(path));
    }

    public static ContentSource FromBytes(ReadOnlyMemory<byte> content) => new BytesSource(content);

    public static ContentSource FromStream(Stream content, long? length)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream cannot be read.", nameof(content));
        }

        if (content.CanSeek)
        {
            var available = content.Length - content.Position;
            if (length is { } declared && declared != available)
            {
                throw new ArgumentException($"The content stream holds {available} bytes from its position, not the {declared} given.", nameof(length));
            }

            return new SeekableStreamSource(content, content.Position, available);
        }

        return length is >= 0
            ? new ForwardOnlyStreamSource(content, length.Value)
            : throw new ArgumentException("A stream that cannot seek needs its length: the server is told every part's size before the content.", nameof(length));
    }

    private sealed class FileSource(string path) : ContentSource
    {
        public override bool CanReplay => true;

        public override OpenedContent Open()
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return new OpenedContent(stream, stream.Length, ownsStream: true);
        }

        public override async ValueTask<byte[]?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class BytesSource(ReadOnlyMemory<byte> content) : ContentSource
    {
        public override bool CanReplay => true;

        public override OpenedContent Open() => new(new ReadOnlyMemoryStream(content), content.Length, ownsStream: true);

        public override ValueTask<byte[]?> ComputeSha256Async(CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(SHA256.HashData(content.Span));
    }

    private sealed class SeekableStreamSource(Stream content, long start, long length) : ContentSource
    {
        public override bool CanReplay => true;

        public override OpenedContent Open()
        {
            content.Position = start;
            return new OpenedContent(content, length, ownsStream: false);
        }

        public override async ValueTask<byte[]?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            content.Position = start;
            var sha256 = await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
            content.Position = start;
            return sha256;
        }
    }

    private sealed class ForwardOnlyStreamSource(Stream content, long length) : ContentSource
    {
        public override bool CanReplay => false;

        public override OpenedContent Open()
        {
            Consumed = true;
            return new OpenedContent(content, length, ownsStream: false);
        }
    }
}

/// <summary>A part's content opened for one attempt, with its size.</summary>
internal sealed class OpenedContent(Stream stream, long length, bool ownsStream) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    public long Length { get; } = length;

    public ValueTask DisposeAsync() => ownsStream ? Stream.DisposeAsync() : ValueTask.CompletedTask;
}
