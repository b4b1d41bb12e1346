using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace DocExchange.Server.Hosting;

/// <summary>
/// gzip for gRPC messages, whose inflation stops at the largest message the server accepts. grpc-dotnet checks
/// MaxReceiveMessageSize against the compressed size only and inflates the whole message in memory, so a few KiB of
/// gzip could otherwise expand to gigabytes (a "gzip bomb"): here the read fails with RESOURCE_EXHAUSTED as soon as
/// the output passes the limit. It is the only request encoding offered (deflate, also a grpc-dotnet default, is not).
/// </summary>
internal sealed class BoundedGzipCompressionProvider(int maxMessageSize, CompressionLevel level) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? level, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) =>
        new BoundedInflateStream(new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true), maxMessageSize);

    private sealed class BoundedInflateStream(GZipStream inner, int limit) : Stream
    {
        private long _total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _total;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new RpcException(new Status(StatusCode.Internal, $"The gzip-compressed message is not valid gzip: {e.Message}"));
            }

            _total += read;
            if (_total > limit)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"The gzip-compressed message inflates past the maximum message size of {limit} bytes (DocExchange:Grpc:MaxReceiveMessageSize)."));
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
