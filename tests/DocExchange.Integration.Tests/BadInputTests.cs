using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>Bad calls get the right status, and the server keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_frame_whose_length_prefix_overruns_the_body_gets_an_error_status_and_the_server_keeps_serving()
    {
        // A frame announcing 1,000 bytes of message followed by only 3: a truncated frame.
        var status = await PostRawAsync(Protocol.V1.Registry.Methods.GetAgency.FullName, [0, 0, 0, 0x03, 0xE8, 1, 2, 3]);

        Assert.Equal(GrpcStatusCode.Internal, status);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_message_over_the_size_limit_gets_resource_exhausted_and_the_server_keeps_serving()
    {
        var client = _server.Agency(TestServer.G22);
        var big = new byte[5 * 1024 * 1024];
        var header = Exchanges.Header("too-big", TestServer.H41, big);

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(client, header, big, chunkSize: big.Length));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_method_gets_unimplemented()
    {
        var status = await PostRawAsync("/docexchange.v1.Registry/NoSuchMethod", [0, 0, 0, 0, 0]);

        Assert.Equal(GrpcStatusCode.Unimplemented, status);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_call_past_its_deadline_gets_deadline_exceeded()
    {
        var client = _server.Agency(TestServer.H41);
        using var inbox = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(),
            new(deadline: DateTime.UtcNow.AddMilliseconds(500)));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await inbox.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_malformed_agency_code_is_refused_with_the_expected_form()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.1.G12", Name = "x" }));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("DDD.CC.BB.Xnn", error.Status.Detail);
    }

    [Fact]
    public async Task An_agency_cannot_send_in_another_agencys_name()
    {
        var pdf = SamplePdf.Create("impersonation");
        var header = Exchanges.Header("forged", TestServer.G22, pdf);
        header.Document.From = new Organization { OrganId = TestServer.G22 };

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.H41), header, pdf));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
        var sent = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
        Assert.Empty(sent.Documents);
    }

    [Fact]
    public async Task A_caller_without_a_client_certificate_is_unauthenticated()
    {
        var pdf = SamplePdf.Create("anonymous");
        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.As(null), Exchanges.Header("anon", TestServer.H41, pdf), pdf));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task The_development_caller_header_is_ignored_on_the_tls_endpoint()
    {
        var headers = new Metadata { { "x-docexchange-dev-caller", "operator" } };
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.As(null).UnaryAsync(
            Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" }, new(headers: headers)));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task An_agency_cannot_change_the_registry()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Agency(TestServer.G22).UnaryAsync(
            Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" }));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("operator", error.Status.Detail);
    }

    [Fact]
    public async Task A_document_of_other_agencies_answers_not_found()
    {
        var pdf = SamplePdf.Create("private");
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("private", TestServer.H41, pdf), pdf);
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" });

        var headers = new Metadata { { "x-docexchange-dev-caller", "agency:000.00.00.H30" } };
        using var fetch = _server.Plaintext().AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }, new(headers: headers));
        var error = await Assert.ThrowsAsync<RpcException>(() => fetch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
    }

    /// <summary>Posts hand-made bytes as a gRPC call on the plaintext endpoint and returns the grpc-status.</summary>
    private async Task<GrpcStatusCode> PostRawAsync(string path, byte[] body)
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.Server.PlaintextAddress!, path)) {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("te", "trailers");
        request.Headers.Add("x-docexchange-dev-caller", "operator");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.GetValues("grpc-status").Single();
        return (GrpcStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AssertStillServingAsync()
    {
        var agency = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = TestServer.G22 });
        Assert.Equal(TestServer.G22, agency.Code);
    }
}
