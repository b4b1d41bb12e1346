using System.Net;
using System.Net.Sockets;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DocExchange.Protocol.Tests.Integration;

public sealed class TransportTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Gzip_compresses_requests_and_responses_and_both_sides_read_them()
    {
        string? requestEncoding = null;
        var recorder = new EncodingRecorder(GrpcChannelOptions.CreateDefaultHandler());
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(ExchangeMethods.PostStatus, (request, context) =>
            {
                requestEncoding = context.HttpContext.Request.Headers["grpc-encoding"];
                return Task.FromResult(new PostStatusResponse { Status = new StatusReport { Description = request.Description + "!" } });
            }),
            o => o.ResponseCompression = "gzip",
            channelOptions: new GrpcChannelOptions { SendCompression = "gzip", HttpHandler = recorder, DisposeHttpHandler = true });
        var description = new string('a', 500_000);

        var response = await server.Calls.UnaryAsync(ExchangeMethods.PostStatus, new PostStatusRequest { Description = description });

        Assert.Equal(description + "!", response.Status.Description);
        Assert.Equal("gzip", requestEncoding);
        Assert.Equal("gzip", recorder.ResponseEncoding);
        Assert.True(recorder.RequestBodyBytes < 10_000, $"the request body should be compressed, it was {recorder.RequestBodyBytes} bytes");
    }

    [Fact]
    public async Task A_gzip_response_frame_carries_the_compressed_flag()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency { Name = new string('x', 10_000) })),
            o => o.ResponseCompression = "gzip");
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, RawGrpc.Frame(new GetAgencyRequest()));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity,gzip");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", response.Headers.GetValues("grpc-encoding").Single());
        Assert.Equal(1, body[0]);
        Assert.True(body.Length < 1000);
        Assert.Equal("0", RawGrpc.GrpcStatus(response));
    }

    [Fact]
    public async Task A_no_compress_write_goes_out_uncompressed_on_a_gzip_stream()
    {
        var name = new string('x', 10_000);
        await using var server = await TestServer.StartAsync(
            b => b.AddServerStreaming(ExchangeMethods.Fetch, async (_, responses, _) =>
            {
                await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = name } });
                responses.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
                await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = name } });
            }),
            o => o.ResponseCompression = "gzip");
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, ExchangeMethods.Fetch, RawGrpc.Frame(new FetchRequest()));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var firstLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1));
        var second = body.AsSpan(5 + firstLength);

        Assert.Equal(1, body[0]);
        Assert.Equal(0, second[0]);
        Assert.Equal(name, FetchResponse.Parser.ParseFrom(second[5..].ToArray()).Chunk.PartId);
    }

    [Fact]
    public async Task Responses_are_not_compressed_for_a_client_that_does_not_accept_gzip()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency { Name = "n" })),
            o => o.ResponseCompression = "gzip");
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, RawGrpc.Frame(new GetAgencyRequest()));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.False(response.Headers.Contains("grpc-encoding"));
        Assert.Equal(0, body[0]);
    }

    [Fact]
    public async Task An_oversized_request_is_resource_exhausted_while_a_call_on_the_same_connection_carries_on()
    {
        var connections = new List<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
            b => b
                .AddUnary(ExchangeMethods.PostStatus, (request, context) =>
                {
                    lock (connections)
                    {
                        connections.Add(context.HttpContext.Connection.Id);
                    }

                    return Task.FromResult(new PostStatusResponse { Status = new StatusReport { Description = request.Description } });
                })
                .AddServerStreaming(ExchangeMethods.Fetch, async (_, responses, context) =>
                {
                    lock (connections)
                    {
                        connections.Add(context.HttpContext.Connection.Id);
                    }

                    await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = "first" } });
                    await release.Task.WaitAsync(context.CancellationToken);
                    await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = "second" } });
                }),
            o => o.MaxReceiveMessageSize = 64 * 1024);

        using var stream = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest());
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        var oversized = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(
            ExchangeMethods.PostStatus, new PostStatusRequest { Description = new string('x', 100_000) }));
        var small = await server.Calls.UnaryAsync(ExchangeMethods.PostStatus, new PostStatusRequest { Description = "small" });
        release.SetResult();
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.Equal("small", small.Status.Description);
        Assert.Equal("second", stream.ResponseStream.Current.Chunk.PartId);
        Assert.False(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Single(connections.Distinct());
    }

    [Fact]
    public async Task An_oversized_response_is_resource_exhausted_on_the_client()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency { Name = new string('x', 100_000) })),
            channelOptions: new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task A_request_above_the_client_send_limit_is_refused_before_sending()
    {
        var reached = false;
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) =>
            {
                reached = true;
                return Task.FromResult(new Agency());
            }),
            channelOptions: new GrpcChannelOptions { MaxSendMessageSize = 100 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest { Code = new string('x', 200) }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.False(reached);
    }

    [Fact]
    public async Task A_malformed_frame_gets_an_error_status_and_the_server_keeps_serving()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency { Code = r.Code })));
        using var http = TestServer.CreateRawHttp2Client();
        // The prefix announces 10 bytes, but the body ends after 2.
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, [0, 0, 0, 0, 10, 0x0A, 0x00]);

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var next = await server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest { Code = "still-serving" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture), RawGrpc.GrpcStatus(response));
        Assert.Equal("still-serving", next.Code);
    }

    [Fact]
    public async Task A_request_with_a_non_grpc_content_type_gets_http_415()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())));
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, RawGrpc.Frame(new GetAgencyRequest()), "application/json");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_request_with_an_unsupported_grpc_encoding_is_unimplemented_and_told_what_is_accepted()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())));
        using var http = TestServer.CreateRawHttp2Client();
        using var request = RawGrpc.Request(server.Host.Address, RegistryMethods.GetAgency, RawGrpc.Frame(new GetAgencyRequest()));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(request);

        Assert.Equal("12", RawGrpc.GrpcStatus(response));
        Assert.Contains("gzip", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task A_connection_failure_is_unavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.CallInvoker.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task An_http_404_from_a_non_grpc_path_is_unimplemented()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())));
        // A path base makes the request path three segments long: no gRPC route matches it.
        using var channel = GrpcChannel.ForAddress(new Uri(server.Host.Address, "/base/"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.CallInvoker.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("404", ex.Status.Detail);
    }

    [Fact]
    public async Task A_response_that_is_not_grpc_is_internal()
    {
        await using var server = await TestServer.StartAsync(
            b => b.AddUnary(RegistryMethods.GetAgency, (r, _) => Task.FromResult(new Agency())),
            hostOptions: new GrpcServerHostOptions
            {
                ConfigureApp = app => app.MapPost(AuditMethods.GetLogInfo.FullName, (RequestDelegate)(context => context.Response.WriteAsync("plain text"))),
            });

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Calls.UnaryAsync(AuditMethods.GetLogInfo, new GetLogInfoRequest()));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("content-type", ex.Status.Detail);
    }

    [Fact]
    public async Task A_long_client_stream_flows_without_the_client_buffering_it()
    {
        const int chunks = 400;
        await using var server = await TestServer.StartAsync(b => b.AddClientStreaming(
            ExchangeMethods.Send,
            async (requests, context) =>
            {
                long total = 0;
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    total += request.Chunk.Data.Length;
                }

                return new SendResponse { DocumentId = total.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }));
        var data = ByteString.CopyFrom(new byte[256 * 1024]);

        using var call = server.Calls.AsyncClientStreamingCall(ExchangeMethods.Send);
        for (var i = 0; i < chunks; i++)
        {
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { Data = data } }).WaitAsync(Generous);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal((chunks * 256L * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), response.DocumentId);
    }

    /// <summary>Records what went over HTTP, below our client.</summary>
    private sealed class EncodingRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public string? ResponseEncoding { get; private set; }

        public long RequestBodyBytes => _counting?.Count ?? 0;

        private CountingContent? _counting;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _counting = new CountingContent(request.Content!);
            request.Content = _counting;
            var response = await base.SendAsync(request, cancellationToken);
            ResponseEncoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
            return response;
        }
    }

    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent _inner;

        public CountingContent(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        public long Count { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using var buffer = new MemoryStream();
            await _inner.CopyToAsync(buffer);
            Count = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
