using DocExchange.Protocol.Grpc.Wire;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class GrpcStatusMappingTests
{
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    [InlineData(415, StatusCode.Unknown)]
    public void Http_statuses_map_as_in_the_grpc_mapping_table(int httpStatus, StatusCode expected)
    {
        Assert.Equal(expected, GrpcStatusMapping.FromHttpStatus(httpStatus));
    }

    [Theory]
    [InlineData(0x0, StatusCode.Internal)]
    [InlineData(0x1, StatusCode.Internal)]
    [InlineData(0x2, StatusCode.Internal)]
    [InlineData(0x7, StatusCode.Unavailable)]
    [InlineData(0x8, StatusCode.Cancelled)]
    [InlineData(0xB, StatusCode.ResourceExhausted)]
    [InlineData(0xC, StatusCode.PermissionDenied)]
    public void Http2_reset_codes_map_as_in_the_protocol_spec(long errorCode, StatusCode expected)
    {
        Assert.Equal(expected, GrpcStatusMapping.FromHttp2ErrorCode(errorCode));
    }

    [Fact]
    public void Trailers_give_the_code_and_the_decoded_message()
    {
        using var response = new HttpResponseMessage();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "5");
        response.TrailingHeaders.TryAddWithoutValidation("grpc-message", "Kh%C3%B4ng t%C3%ACm th%E1%BA%A5y");

        var status = GrpcStatusMapping.FromHeaders(response.TrailingHeaders);

        Assert.Equal(StatusCode.NotFound, status!.Value.StatusCode);
        Assert.Equal("Không tìm thấy", status.Value.Detail);
    }

    [Fact]
    public void Missing_grpc_status_gives_no_status()
    {
        using var response = new HttpResponseMessage();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-message", "orphan");

        Assert.Null(GrpcStatusMapping.FromHeaders(response.TrailingHeaders));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("17")]
    [InlineData("")]
    public void A_grpc_status_that_is_not_a_known_code_is_unknown(string value)
    {
        using var response = new HttpResponseMessage();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", value);

        Assert.Equal(StatusCode.Unknown, GrpcStatusMapping.FromHeaders(response.TrailingHeaders)!.Value.StatusCode);
    }
}
