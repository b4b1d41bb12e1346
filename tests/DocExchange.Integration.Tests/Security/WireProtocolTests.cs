using Grpc.Health.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// What the server answers to requests that break the gRPC wire protocol, sent raw over h2c (HttpClient, HTTP/2 with
/// prior knowledge) so that no client library smooths them over; each time the server keeps serving. The idle upload
/// timeout is pinned by <see cref="AbuseLimitTests"/>, the gzip bomb by <see cref="HostileClientTests"/>.
/// </summary>
public sealed class WireProtocolTests : IAsyncLifetime
{
    private static readonly string HealthCheck = $"/{Health.Descriptor.FullName}/Check";
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_malformed_grpc_timeout_is_ignored_and_the_call_is_answered_without_a_deadline()
    {
        var ((status, _), _) = await CallAsync(HealthCheck, EmptyRequest(), headers: [("grpc-timeout", "soon")]);

        Assert.Equal((int)GrpcStatusCode.OK, status);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_message_compressed_with_an_unsupported_encoding_is_unimplemented_and_the_answer_names_gzip(string encoding)
    {
        var ((status, message), acceptEncoding) = await CallAsync(HealthCheck, RawGrpc.Frame(new byte[16], compressed: true), encoding);

        Assert.Equal((int)GrpcStatusCode.Unimplemented, status);
        Assert.Contains(encoding, message, StringComparison.Ordinal);
        Assert.Equal("identity,gzip", acceptEncoding);
        await AssertServingAsync();
    }

    [Fact]
    public async Task An_oversized_request_message_is_resource_exhausted_and_the_server_keeps_serving()
    {
        var ((status, _), _) = await CallAsync(HealthCheck, RawGrpc.Frame(new byte[5 * 1024 * 1024], compressed: false));

        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, status);
        await AssertServingAsync();
    }

    [Theory]
    [InlineData("/docexchange.v1.Exchange/NoSuchMethod")]
    [InlineData("/docexchange.v1.NoSuchService/Send")]
    public async Task An_unknown_method_or_service_is_unimplemented(string path)
    {
        var ((status, _), _) = await CallAsync(path, EmptyRequest());

        Assert.Equal((int)GrpcStatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task A_malformed_frame_gets_an_error_status_and_the_next_call_works()
    {
        var malformed = RawGrpc.Frame([0xFF, 0xFF, 0xFF], compressed: false);
        malformed[0] = 7;

        var ((status, _), _) = await CallAsync(HealthCheck, malformed);

        Assert.NotEqual((int)GrpcStatusCode.OK, status);
        await AssertServingAsync();
    }

    private static byte[] EmptyRequest() => RawGrpc.Frame([], compressed: false);

    private async Task AssertServingAsync()
    {
        var response = await _server.Plaintext().UnaryAsync(HealthMethods.Check, new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    private async Task<((int Status, string Message) Status, string? AcceptEncoding)> CallAsync(
        string path, byte[] body, string? encoding = null, IEnumerable<(string, string)>? headers = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await RawGrpc.CallWithHeadersAsync(_server.Server.PlaintextAddress!, path, new ByteArrayContent(body), null, encoding, headers ?? [], timeout.Token);
    }
}
