using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// What the edXML writer writes, sent as PackageChunk messages of at most <see cref="ChunkSize"/> bytes, each after
/// <paramref name="beforeEachChunk"/> (which throws to stop the download).
/// </summary>
internal sealed class PackageDownloadStream(IServerStreamWriter<PackageChunk> responses, Action beforeEachChunk, CancellationToken callCancelled) : Stream
{
    /// <summary>As Exchange.Fetch's chunks: well under the default 4 MiB message limit.</summary>
    public const int ChunkSize = ExchangeGrpcService.FetchChunkSize;

    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _filled;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var count = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..count].CopyTo(_buffer.AsMemory(_filled));
            _filled += count;
            buffer = buffer[count..];
            if (_filled == ChunkSize)
            {
                await SendAsync().ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is buffered; the writer flushes at its end.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await SendAsync().ConfigureAwait(false);
        }
    }

    private async Task SendAsync()
    {
        var chunk = new PackageChunk { Data = ByteString.CopyFrom(_buffer, 0, _filled) };
        _filled = 0;
        beforeEachChunk();
        await responses.WriteAsync(chunk, callCancelled).ConfigureAwait(false);
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The package stream is written asynchronously only.");

    public override void Flush()
    {
        // XmlWriter flushes synchronously on dispose; the content is sent by FlushAsync, which the writer awaits first.
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
