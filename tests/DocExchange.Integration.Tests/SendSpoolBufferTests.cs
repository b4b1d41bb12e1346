using System.Security.Cryptography;
using DocExchange.Integration.Tests.EdXml;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// A send that fits in the spool memory is spooled in a buffer taken from a shared pool and given back when the send ends, refused or
/// not. Whatever was spooled before or beside it in the same buffers, each document is stored with exactly its own bytes.
/// </summary>
public sealed class SendSpoolBufferTests : IAsyncLifetime
{
    private const int ChunkSize = 64 * 1024;

    private TestServer _server = null!;
    private int _number = 1000;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Concurrent_in_memory_sends_of_different_documents_are_each_stored_with_their_own_bytes()
    {
        var documents = Enumerable.Range(0, 32).Select(i => Document($"concurrent-{i}", padding: 1_000 + (i * 29_000), attachmentBytes: i % 2 == 0 ? 3_000 + (i * 1_000) : 0)).ToList();

        var responses = await Task.WhenAll(documents.Select(d => SendAsync(d)));

        await AssertStoredIntactAsync(documents, responses);
    }

    [Fact]
    public async Task A_send_shorter_than_its_declared_size_is_refused_and_not_completed_with_an_earlier_documents_bytes()
    {
        var pdf = SamplePdf.Create("Spooled first", 100_000);
        await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("complete", TestServer.H41, pdf, "100"), pdf, ChunkSize);

        for (var i = 0; i < 5; i++)
        {
            // The same document declared whole but cut in half: the rest of it is what the reused buffer last held.
            var header = Exchanges.Header($"cut-{i}", TestServer.H41, pdf, $"{101 + i}");
            var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf[..(pdf.Length / 2)], ChunkSize));
            Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        }

        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
        Assert.Single(sent.Documents);
    }

    [Fact]
    public async Task Sends_refused_or_cancelled_mid_upload_leave_the_sends_after_them_intact()
    {
        var client = _server.Agency(TestServer.G22);
        var pdf = SamplePdf.Create("Refused mid-upload", 300_000);

        var tooLong = Exchanges.Header("too-long", TestServer.H41, pdf, "200");
        tooLong.Parts[0].Size = pdf.Length / 2;
        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(client, tooLong, pdf, ChunkSize));
        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("longer than its declared size", error.Status.Detail, StringComparison.Ordinal);

        var undeclared = Document("undeclared-part", 200_000, attachmentBytes: 0);
        undeclared.Parts.Add(new GeneratedPart(new PartInfo { PartId = "not-declared", Kind = PartKind.Attachment, FileName = "x.bin", ContentType = "application/octet-stream", Size = 10 }, new byte[10]));
        error = await Assert.ThrowsAsync<RpcException>(() => NativeSend.RunAsync(client, undeclared.Header, undeclared.Parts, ChunkSize));
        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);

        using (var cancel = new CancellationTokenSource())
        {
            using var call = client.AsyncClientStreamingCall(Exchange.Methods.Send, new CallOptions(cancellationToken: cancel.Token));
            await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("cancelled", TestServer.H41, pdf, "201") });
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, 0, ChunkSize) } });
            await cancel.CancelAsync();
            var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(GrpcStatusCode.Cancelled, cancelled.StatusCode);
        }

        var documents = Enumerable.Range(0, 16).Select(i => Document($"after-{i}", padding: 50_000 + (i * 20_000), attachmentBytes: i % 3 == 0 ? 20_000 : 0)).ToList();
        var responses = await Task.WhenAll(documents.Select(d => SendAsync(d)));

        await AssertStoredIntactAsync(documents, responses);
        var sent = await client.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest { Page = new PageRequest { PageSize = 100 } });
        Assert.Equal(documents.Count, sent.Documents.Count);
    }

    private sealed record SentDocument(SendHeader Header, List<GeneratedPart> Parts);

    /// <summary>A main PDF of its own text and size, and an attachment of random bytes when <paramref name="attachmentBytes"/> is not 0.</summary>
    private SentDocument Document(string messageId, int padding, int attachmentBytes)
    {
        var pdf = SamplePdf.Create("Spool buffer " + messageId, padding);
        var header = Exchanges.Header(messageId, TestServer.H41, pdf, $"{Interlocked.Increment(ref _number)}");
        var parts = new List<GeneratedPart> { new(header.Parts[0], pdf) };
        if (attachmentBytes > 0)
        {
            var attachment = RandomNumberGenerator.GetBytes(attachmentBytes);
            var info = new PartInfo { PartId = "annex", Kind = PartKind.Attachment, FileName = "phu-luc.bin", ContentType = "application/octet-stream", Size = attachment.Length };
            header.Parts.Add(info);
            parts.Add(new GeneratedPart(info, attachment));
        }
        return new SentDocument(header, parts);
    }

    private Task<SendResponse> SendAsync(SentDocument document) => NativeSend.RunAsync(_server.Agency(TestServer.G22), document.Header, document.Parts, ChunkSize);

    /// <summary>Each response records each part's own SHA-256, and the recipient fetches each part's own bytes.</summary>
    private async Task AssertStoredIntactAsync(IReadOnlyList<SentDocument> documents, IReadOnlyList<SendResponse> responses)
    {
        var recipient = _server.Agency(TestServer.H41);
        for (var i = 0; i < documents.Count; i++)
        {
            var parts = documents[i].Parts;
            Assert.Equal(parts.Select(p => Convert.ToHexStringLower(SHA256.HashData(p.Content))), responses[i].Parts.Select(p => Convert.ToHexStringLower(p.Sha256.Span)));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(parts[0].Content)), Convert.ToHexStringLower(responses[i].Validation.DocumentSha256.Span));
            var fetched = await NativeFetch.RunAsync(recipient, responses[i].DocumentId);
            foreach (var part in parts)
            {
                Assert.True(part.Content.AsSpan().SequenceEqual(fetched.Parts[part.Info.PartId]), $"part '{part.Info.PartId}' of document {i} was fetched with other bytes than were sent");
            }
        }
    }
}
