using System.IO.Compression;
using System.IO.Pipelines;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Wire;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class CompressionTests
{
    [Fact]
    public async Task A_gzip_message_round_trips_and_is_marked_compressed()
    {
        var message = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(new byte[200_000]) };
        var pipe = new Pipe();
        GrpcMessageWriter.WriteMessage(pipe.Writer, message, encoding: GrpcCompression.Gzip);
        await pipe.Writer.CompleteAsync();
        var bytes = await FramingTests.ReadAllAsync(pipe.Reader);

        Assert.Equal(1, bytes[0]);
        Assert.True(bytes.Length < 10_000, $"200 kB of zeros should compress well, got {bytes.Length} bytes");
        // The payload is a real gzip stream: the framework's own GZipStream inflates it.
        using var gunzip = new GZipStream(new MemoryStream(bytes, 5, bytes.Length - 5), CompressionMode.Decompress);
        Assert.Equal(message, ContentChunk.Parser.ParseFrom(gunzip));

        var readPipe = new Pipe();
        await readPipe.Writer.WriteAsync(bytes);
        await readPipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(readPipe.Reader, 1024 * 1024, GrpcCompression.Gzip);
        Assert.Equal(message, await reader.ReadMessageAsync(ContentChunk.Parser, default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Empty_or_incompressible_messages_go_out_uncompressed_even_with_gzip(int length)
    {
        var message = new GetAgencyRequest { Code = new string('q', length) };
        var pipe = new Pipe();
        GrpcMessageWriter.WriteMessage(pipe.Writer, message, encoding: GrpcCompression.Gzip);
        await pipe.Writer.CompleteAsync();

        var bytes = await FramingTests.ReadAllAsync(pipe.Reader);

        Assert.Equal(0, bytes[0]);
        Assert.Equal(message.ToByteArray(), bytes[5..]);
    }

    [Fact]
    public async Task A_reader_inflates_gzip_produced_by_the_framework()
    {
        var message = new GetAgencyRequest { Code = "000.00.18.G12" };
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }

        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(FramingTests.Frame(compressed.ToArray(), flag: 1));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1024, GrpcCompression.Gzip);

        Assert.Equal(message, await reader.ReadMessageAsync(GetAgencyRequest.Parser, default));
    }

    [Fact]
    public async Task A_gzip_bomb_is_rejected_without_inflating_it()
    {
        // 64 MiB of zeros compress to about 64 kB: small on the wire, far above a 1 MiB limit once inflated.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        await pipe.Writer.WriteAsync(FramingTests.Frame(compressed.ToArray(), flag: 1));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1024 * 1024, GrpcCompression.Gzip);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(ContentChunk.Parser, default).AsTask());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.True(allocated < 16 * 1024 * 1024, $"inflating should stop at the limit, but {allocated} bytes were allocated");
    }

    [Fact]
    public async Task A_compressed_payload_that_is_not_gzip_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(FramingTests.Frame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], flag: 1));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1024, GrpcCompression.Gzip);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task A_compressed_message_with_an_unsupported_encoding_is_unimplemented()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(FramingTests.Frame([1, 2, 3], flag: 1));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1024, "snappy");

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Theory]
    [InlineData("identity,gzip", "gzip", true)]
    [InlineData("gzip", "gzip", true)]
    [InlineData("identity, deflate , gzip", "gzip", true)]
    [InlineData("identity,deflate", "gzip", false)]
    [InlineData("", "gzip", false)]
    [InlineData(null, "gzip", false)]
    public void Accept_encoding_lists_are_read_item_by_item(string? header, string encoding, bool expected)
    {
        Assert.Equal(expected, GrpcCompression.Accepts(header, encoding));
    }
}
