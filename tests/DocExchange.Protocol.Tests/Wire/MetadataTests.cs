using System.Net.Http.Headers;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Wire;
using Microsoft.AspNetCore.Http;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lowercased()
    {
        var metadata = new Metadata { { "X-Correlation-Id", "abc" } };

        Assert.Equal("x-correlation-id", metadata[0].Key);
        Assert.Equal("abc", metadata.GetValue("X-CORRELATION-ID"));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("grpc-anything")]
    [InlineData(":path")]
    [InlineData("content-type")]
    [InlineData("te")]
    [InlineData("connection")]
    [InlineData("user-agent")]
    public void Reserved_keys_are_rejected(string key)
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, "v"));
    }

    [Theory]
    [InlineData("key with space")]
    [InlineData("clé")]
    [InlineData("a/b")]
    public void Keys_outside_the_allowed_characters_are_rejected(string key)
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, "v"));
    }

    [Fact]
    public void Ascii_values_reject_non_printable_and_non_ascii_characters()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("k", "tiếng Việt"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("k", "line\n"));
    }

    [Fact]
    public void Bin_keys_take_bytes_and_other_keys_take_strings()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("trace-bin", "text"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("trace", [1, 2]));
    }

    [Fact]
    public void Binary_values_go_out_as_unpadded_base64()
    {
        var entry = new Metadata.Entry("k-bin", [0xFF, 0x00, 0x10, 0x20]);

        Assert.Equal("/wAQIA", MetadataHeaders.EncodeValue(entry));
    }

    [Theory]
    [InlineData("/wAQIA")]
    [InlineData("/wAQIA==")]
    public void Binary_values_are_read_padded_or_unpadded(string wire)
    {
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x10, 0x20 }, MetadataHeaders.DecodeBinaryValue(wire));
    }

    [Fact]
    public void Metadata_round_trips_through_server_headers_keeping_order_and_bytes()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var metadata = new Metadata { { "a", "1" }, { "blob-bin", bytes }, { "a", "2" } };
        var headers = new HeaderDictionary();

        MetadataHeaders.WriteTo(metadata, headers);
        var read = MetadataHeaders.FromHeaders(headers);

        Assert.Equal(["1", "2"], read.GetAll("a").Select(e => e.Value));
        Assert.Equal(bytes, read.GetValueBytes("blob-bin"));
    }

    [Fact]
    public void Metadata_round_trips_through_client_headers()
    {
        var metadata = new Metadata { { "x-id", "42" }, { "sig-bin", new byte[] { 1, 2, 3, 4, 5 } } };
        using var request = new HttpRequestMessage();

        MetadataHeaders.WriteTo(metadata, request.Headers);
        var read = MetadataHeaders.FromHeaders(request.Headers);

        Assert.Equal("42", read.GetValue("x-id"));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, read.GetValueBytes("sig-bin"));
    }

    [Fact]
    public void Received_headers_leave_out_reserved_ones_and_split_joined_binary_values()
    {
        var headers = new HeaderDictionary
        {
            ["content-type"] = "application/grpc",
            ["grpc-status"] = "0",
            ["te"] = "trailers",
            ["multi-bin"] = "AQI,AwQ=",
            ["x-tenant"] = "000.00.18.G12",
        };

        var read = MetadataHeaders.FromHeaders(headers);

        Assert.Equal(["multi-bin", "multi-bin", "x-tenant"], read.Select(e => e.Key));
        Assert.Equal(new byte[] { 1, 2 }, read[0].ValueBytes);
        Assert.Equal(new byte[] { 3, 4 }, read[1].ValueBytes);
    }

    [Fact]
    public void A_received_binary_header_that_is_not_base64_is_an_internal_error()
    {
        var headers = new HeaderDictionary { ["bad-bin"] = "not*base64" };

        var ex = Assert.Throws<RpcException>(() => MetadataHeaders.FromHeaders(headers));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Client_trailers_are_read_from_response_trailing_headers()
    {
        using var response = new HttpResponseMessage();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        response.TrailingHeaders.TryAddWithoutValidation("x-audit-seq", "17");

        var read = MetadataHeaders.FromHeaders((HttpHeaders)response.TrailingHeaders);

        Assert.Single(read);
        Assert.Equal("17", read.GetValue("x-audit-seq"));
    }
}
