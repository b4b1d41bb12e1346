using System.IO.Pipelines;
using DocExchange.Protocol.Grpc;
using Google.Protobuf;
using DocExchange.Protocol.Grpc.Wire;
using DocExchange.Protocol.V1;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class FramingTests
{
    private const int Max = 1024 * 1024;

    [Fact]
    public async Task Writer_produces_flag_big_endian_length_and_protobuf_payload()
    {
        var pipe = new Pipe();
        GrpcMessageWriter.WriteMessage(pipe.Writer, new GetAgencyRequest { Code = "A" });
        await pipe.Writer.CompleteAsync();

        var bytes = await ReadAllAsync(pipe.Reader);

        // field 1, wire type 2 (0x0A), length 1, 'A'
        Assert.Equal(new byte[] { 0, 0, 0, 0, 3, 0x0A, 0x01, 0x41 }, bytes);
    }

    [Fact]
    public async Task Messages_round_trip_and_the_stream_ends_cleanly()
    {
        var pipe = new Pipe();
        GrpcMessageWriter.WriteMessage(pipe.Writer, new GetAgencyRequest { Code = "000.00.18.G12" });
        GrpcMessageWriter.WriteMessage(pipe.Writer, new GetAgencyRequest());
        GrpcMessageWriter.WriteMessage(pipe.Writer, new GetAgencyRequest { Code = "000.00.00.H41" });
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var first = await reader.ReadMessageAsync(GetAgencyRequest.Parser, default);
        var empty = await reader.ReadMessageAsync(GetAgencyRequest.Parser, default);
        var third = await reader.ReadMessageAsync(GetAgencyRequest.Parser, default);
        var end = await reader.ReadMessageAsync(GetAgencyRequest.Parser, default);

        Assert.Equal("000.00.18.G12", first!.Code);
        Assert.Equal(string.Empty, empty!.Code);
        Assert.Equal("000.00.00.H41", third!.Code);
        Assert.Null(end);
    }

    [Fact]
    public async Task A_frame_split_into_single_bytes_is_reassembled()
    {
        var frame = Frame(new GetAgencyRequest { Code = "000.00.18.G12" }.ToByteArray());
        var pipe = new Pipe();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var reading = reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask();
        foreach (var b in frame)
        {
            Assert.False(reading.IsCompleted);
            await pipe.Writer.WriteAsync(new[] { b });
        }

        var message = await reading;
        Assert.Equal("000.00.18.G12", message!.Code);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_reported_as_incomplete()
    {
        var frame = Frame(new GetAgencyRequest { Code = "000.00.18.G12" }.ToByteArray());
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(frame.AsMemory(0, frame.Length - 3));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("Incomplete message", ex.Status.Detail);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_header_is_reported_as_incomplete()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0 });
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task A_length_above_the_maximum_is_rejected_from_the_header_alone()
    {
        var pipe = new Pipe();
        // Only the header arrives; the writer stays open, so the reader must not wait for the 2 GB payload.
        await pipe.Writer.WriteAsync(new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF });
        var reader = new GrpcMessageReader(pipe.Reader, 1000, encoding: null);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("2147483647", ex.Status.Detail);
    }

    [Fact]
    public async Task A_message_of_exactly_the_maximum_size_is_accepted()
    {
        var message = new GetAgencyRequest { Code = new string('x', 100) };
        var pipe = new Pipe();
        GrpcMessageWriter.WriteMessage(pipe.Writer, message);
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, message.CalculateSize(), encoding: null);

        var read = await reader.ReadMessageAsync(GetAgencyRequest.Parser, default);

        Assert.Equal(message, read);
    }

    [Fact]
    public void Writing_a_message_above_the_send_limit_fails_with_resource_exhausted()
    {
        var pipe = new Pipe();
        var message = new GetAgencyRequest { Code = new string('x', 100) };

        var ex = Assert.Throws<RpcException>(() => GrpcMessageWriter.WriteMessage(pipe.Writer, message, maxMessageSize: 50));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task A_compressed_flag_other_than_zero_or_one_is_a_protocol_error()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 2, 0, 0, 0, 0 });
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public async Task A_compressed_flag_without_a_message_encoding_is_internal(string? encoding)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 1, 0, 0, 0, 1, 0x0A });
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("compressed", ex.Status.Detail);
    }

    [Fact]
    public async Task A_payload_that_is_not_protobuf_is_internal()
    {
        var pipe = new Pipe();
        // Field 1, length-delimited, claims 100 bytes but has 1.
        await pipe.Writer.WriteAsync(Frame([0x0A, 100, 0x41]));
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, Max, encoding: null);

        var ex = await Assert.ThrowsAsync<RpcException>(() => reader.ReadMessageAsync(GetAgencyRequest.Parser, default).AsTask());

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    internal static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[payload.Length + 5];
        frame[0] = flag;
        frame[1] = (byte)(payload.Length >> 24);
        frame[2] = (byte)(payload.Length >> 16);
        frame[3] = (byte)(payload.Length >> 8);
        frame[4] = (byte)payload.Length;
        payload.CopyTo(frame, 5);
        return frame;
    }

    internal static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        using var stream = new MemoryStream();
        await reader.CopyToAsync(stream);
        return stream.ToArray();
    }
}
