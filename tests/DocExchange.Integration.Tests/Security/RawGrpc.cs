using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace DocExchange.Integration.Tests.Security;

/// <summary>Hand-made gRPC requests and raw bytes, for what a well-behaved client library will not send.</summary>
internal static class RawGrpc
{
    public const string DevCallerHeader = "x-docexchange-dev-caller";

    /// <summary>POSTs <paramref name="content"/> over h2c (prior knowledge) and returns the grpc-status and grpc-message.</summary>
    public static async Task<(int Status, string Message)> CallAsync(Uri plaintext, string path, HttpContent content, string? devCaller, string? encoding, CancellationToken ct) =>
        (await CallWithHeadersAsync(plaintext, path, content, devCaller, encoding, [], ct)).Status;

    /// <summary>As <see cref="CallAsync"/>, with further request headers; also returns the response's grpc-accept-encoding.</summary>
    public static async Task<((int Status, string Message) Status, string? AcceptEncoding)> CallWithHeadersAsync(
        Uri plaintext, string path, HttpContent content, string? devCaller, string? encoding, IEnumerable<(string Name, string Value)> headers, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(plaintext, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (devCaller is not null)
        {
            request.Headers.TryAddWithoutValidation(DevCallerHeader, devCaller);
        }

        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var acceptEncoding = response.Headers.TryGetValues("grpc-accept-encoding", out var accepted) ? string.Join(",", accepted) : null;
        if (response.Headers.TryGetValues("grpc-status", out var headerStatus))
        {
            return ((int.Parse(headerStatus.Single(), CultureInfo.InvariantCulture), Message(response.Headers)), acceptEncoding);
        }

        await (await response.Content.ReadAsStreamAsync(ct)).CopyToAsync(Stream.Null, ct);
        return ((int.Parse(response.TrailingHeaders.GetValues("grpc-status").Single(), CultureInfo.InvariantCulture), Message(response.TrailingHeaders)), acceptEncoding);
    }

    /// <summary>A gRPC message frame: compressed flag, big-endian length, payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>gzip of <paramref name="size"/> zero bytes: a few KiB that inflate to <paramref name="size"/>.</summary>
    public static byte[] GzipBomb(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros, 0, Math.Min(zeros.Length, size - written));
            }
        }

        return output.ToArray();
    }

    /// <summary>Connects, writes <paramref name="bytes"/>, and reads until the server closes; true when it did within the time.</summary>
    public static async Task<bool> ServerClosesAfterAsync(int port, byte[] bytes, CancellationToken ct)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port, ct);
        var stream = socket.GetStream();
        try
        {
            await stream.WriteAsync(bytes, ct);
            var buffer = new byte[16 * 1024];
            while (await stream.ReadAsync(buffer, ct) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            // Reset by the server: closed too.
            return true;
        }
    }

    /// <summary>The HTTP/2 connection preface and an empty SETTINGS frame (RFC 9113 §3.4).</summary>
    public static byte[] Http2Preface() =>
        [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    private static string Message(System.Net.Http.Headers.HttpHeaders headers) =>
        headers.TryGetValues("grpc-message", out var values) ? Uri.UnescapeDataString(values.Single()) : string.Empty;
}

/// <summary>A request body that sends <paramref name="prefix"/> and then nothing, until the test lets it go.</summary>
internal sealed class StallingContent(byte[] prefix, CancellationToken release) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(prefix);
        await stream.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, release);
        }
        catch (OperationCanceledException)
        {
            // Released by the test after the server has answered.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
