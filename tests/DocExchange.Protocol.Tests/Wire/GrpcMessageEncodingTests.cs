using DocExchange.Protocol.Grpc.Wire;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("Hello", "Hello")]
    [InlineData("Document 7816/VPCP-TTĐT was rejected", "Document 7816/VPCP-TT%C4%90T was rejected")]
    [InlineData("100%", "100%25")]
    [InlineData("line1\nline2\ttab", "line1%0Aline2%09tab")]
    [InlineData("\u0000", "%00")]
    [InlineData("~ and space", "~ and space")]
    [InlineData("\u007F", "%7F")]
    [InlineData("Xin chào", "Xin ch%C3%A0o")]
    [InlineData("𝄞", "%F0%9D%84%9E")]
    public void Encode_escapes_bytes_outside_printable_ascii_and_percent(string message, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Encode(message));
    }

    [Theory]
    [InlineData("Xin ch%C3%A0o", "Xin chào")]
    [InlineData("Xin ch%c3%a0o", "Xin chào")]
    [InlineData("100%25", "100%")]
    [InlineData("plain", "plain")]
    public void Decode_reverses_the_escapes(string value, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Decode(value));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("50%", "50%")]
    [InlineData("%4", "%4")]
    [InlineData("%G1 bad", "%G1 bad")]
    [InlineData("%%41", "%A")]
    [InlineData("a%C3", "a\uFFFD")]
    [InlineData("%FF%FE", "\uFFFD\uFFFD")]
    [InlineData("raw à %41", "raw à A")]
    public void Decode_keeps_malformed_input_rather_than_failing(string value, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Decode(value));
    }

    [Theory]
    [InlineData("Chữ ký số không hợp lệ: 100% sai")]
    [InlineData("tab\tnew\r\nline")]
    [InlineData("日本語")]
    public void Encoded_messages_decode_back_to_the_original(string message)
    {
        var encoded = GrpcMessageEncoding.Encode(message);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(message, GrpcMessageEncoding.Decode(encoded));
    }
}
