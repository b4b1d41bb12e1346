using System.Net;
using System.Net.Http.Headers;
using DocExchange.Protocol.Grpc;
using Google.Protobuf;

namespace DocExchange.Protocol.Tests.Integration;

/// <summary>Hand-made gRPC requests, so tests can send what our client never would.</summary>
internal static class RawGrpc
{
    public static HttpRequestMessage Request(Uri server, IGrpcMethod method, byte[] body, string contentType = "application/grpc")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, method.FullName))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    public static byte[] Frame(IMessage message) => Wire.FramingTests.Frame(message.ToByteArray());

    /// <summary>grpc-status from the trailers, or from the headers of a Trailers-Only response.</summary>
    public static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
        : null;
}
