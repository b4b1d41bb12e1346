using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Protocol.Tests.Integration;

public sealed class CallTypeTests
{
    [Fact]
    public async Task Unary_call_returns_the_response_computed_from_the_request()
    {
        await using var server = await TestServer.StartAsync(b => b.AddUnary(
            RegistryMethods.GetAgency,
            (request, _) => Task.FromResult(new Agency { Code = request.Code, Name = "Agency " + request.Code.ToUpperInvariant() })));

        var agency = await server.Calls.UnaryAsync(RegistryMethods.GetAgency, new GetAgencyRequest { Code = "000.00.18.g12" });

        Assert.Equal("000.00.18.g12", agency.Code);
        Assert.Equal("Agency 000.00.18.G12", agency.Name);
    }

    [Fact]
    public async Task Client_streaming_call_sees_every_request_in_order()
    {
        await using var server = await TestServer.StartAsync(b => b.AddClientStreaming(
            ExchangeMethods.Send,
            async (requests, context) =>
            {
                var messageId = string.Empty;
                var sizes = new List<int>();
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    if (request.RequestCase == SendRequest.RequestOneofCase.Header)
                    {
                        messageId = request.Header.MessageId;
                    }
                    else
                    {
                        sizes.Add(request.Chunk.Data.Length);
                    }
                }

                return new SendResponse { DocumentId = $"{messageId}:{string.Join(",", sizes)}" };
            }));

        using var call = server.Calls.AsyncClientStreamingCall(ExchangeMethods.Send);
        await call.RequestStream.WriteAsync(new SendRequest { Header = new SendHeader { MessageId = "m-1" } });
        for (var size = 1; size <= 5; size++)
        {
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(new byte[size * 1000]) } });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal("m-1:1000,2000,3000,4000,5000", response.DocumentId);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_call_delivers_every_message_in_order()
    {
        await using var server = await TestServer.StartAsync(b => b.AddServerStreaming(
            ExchangeMethods.Fetch,
            async (request, responses, context) =>
            {
                var count = int.Parse(request.PartId, System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = $"{request.DocumentId}-{i}", Data = ByteString.CopyFrom(new byte[1024]) } });
                }
            }));

        using var call = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest { DocumentId = "doc", PartId = "300" });
        var ids = new List<string>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            ids.Add(response.Chunk.PartId);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"doc-{i}"), ids);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_call_with_no_messages_ends_ok_from_a_trailers_only_response()
    {
        await using var server = await TestServer.StartAsync(b => b.AddServerStreaming(
            ExchangeMethods.Fetch,
            (_, _, _) => Task.CompletedTask));

        using var call = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest());

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_call_answers_each_request_before_the_client_sends_the_next()
    {
        await using var server = await TestServer.StartAsync(b => b.AddDuplexStreaming(
            SigningMethods.Sign,
            async (requests, responses, context) =>
            {
                long total = 0;
                while (await requests.MoveNext(context.CancellationToken))
                {
                    var chunk = requests.Current.PdfChunk.ToByteArray();
                    total += chunk.Length;
                    Array.Reverse(chunk);
                    await responses.WriteAsync(new SignResponse { PdfChunk = ByteString.CopyFrom(chunk) });
                }

                await responses.WriteAsync(new SignResponse { Result = new SignResult { Size = total } });
            }));

        using var call = server.Calls.AsyncDuplexStreamingCall(SigningMethods.Sign);
        for (byte i = 1; i <= 3; i++)
        {
            // The next request is written only after its answer arrived: a real ping-pong over one stream.
            await call.RequestStream.WriteAsync(new SignRequest { PdfChunk = ByteString.CopyFrom(i, (byte)(i + 10)) });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(new[] { (byte)(i + 10), i }, call.ResponseStream.Current.PdfChunk.ToByteArray());
        }

        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(6, call.ResponseStream.Current.Result.Size);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Response_headers_arrive_before_the_first_message()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(b => b.AddServerStreaming(
            ExchangeMethods.Fetch,
            async (_, responses, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "x-stage", "headers" } });
                await release.Task.WaitAsync(context.CancellationToken);
                await responses.WriteAsync(new FetchResponse());
            }));

        using var call = server.Calls.AsyncServerStreamingCall(ExchangeMethods.Fetch, new FetchRequest());
        var headers = await call.ResponseHeadersAsync;
        release.SetResult();

        Assert.Equal("headers", headers.GetValue("x-stage"));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }
}
