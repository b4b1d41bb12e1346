using System.Net;
using System.Security.Cryptography;
using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>
/// The client's own checks of what a server sends back, against a deliberately faulty Exchange server (real
/// Kestrel and grpc-dotnet, answering with content that does not match its hashes or sizes).
/// </summary>
public sealed class IntegrityTests : IAsyncLifetime
{
    private static readonly byte[] Content = TestContent.Random(100_000, seed: 11);
    private readonly FaultyExchange _exchange = new();
    private readonly TempDirectory _temp = new();
    private WebApplication _host = null!;
    private DocExchangeClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_exchange);
        _host = builder.Build();
        _host.UseRouting();
        _host.MapGrpcService<FaultyExchange>();
        await _host.StartAsync();
        var address = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _client = new DocExchangeClient(new DocExchangeClientOptions { Address = address, DevelopmentCaller = "agency:000.00.00.H41" });
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.StopAsync();
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_part_whose_bytes_do_not_match_the_hash_at_its_end_fails_with_data_loss_and_leaves_no_file()
    {
        _exchange.PartEndHash = SHA256.HashData(Content.AsSpan(1));

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => _client.FetchAsync("doc", _temp.File("main.pdf")));

        Assert.Equal(GrpcStatusCode.DataLoss, error.StatusCode);
        Assert.Contains("SHA-256", error.Detail);
        Assert.Empty(Directory.GetFiles(_temp.Path));
        Assert.Equal(1, _exchange.FetchCalls);
    }

    [Fact]
    public async Task A_part_whose_hash_differs_from_the_header_fails_with_data_loss()
    {
        _exchange.HeaderHash = SHA256.HashData([1, 2, 3]);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => _client.FetchAsync("doc", new MemoryStream()));

        Assert.Equal(GrpcStatusCode.DataLoss, error.StatusCode);
        Assert.Contains("header", error.Detail);
    }

    [Fact]
    public async Task A_part_shorter_than_announced_fails_with_data_loss()
    {
        _exchange.SentLength = Content.Length - 10;

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => _client.FetchAsync("doc", _temp.File("short.pdf")));

        Assert.Equal(GrpcStatusCode.DataLoss, error.StatusCode);
        Assert.Contains($"{Content.Length - 10} bytes", error.Detail);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Intact_content_from_the_same_server_is_fetched_without_error()
    {
        var destination = new MemoryStream();

        await _client.FetchAsync("doc", destination);

        Assert.Equal(Content, destination.ToArray());
    }

    [Fact]
    public async Task A_send_the_server_stored_with_another_hash_fails_with_data_loss()
    {
        _exchange.StoredHash = SHA256.HashData([9]);
        var document = new OutgoingDocumentBuilder()
            .Metadata(m => m.To("000.00.00.G22").Code("1", "UBND").Subject("Báo cáo"))
            .MainDocument(Content, "baocao.pdf");

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => _client.SendAsync(document));

        Assert.Equal(GrpcStatusCode.DataLoss, error.StatusCode);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Content)), error.Detail);
    }

    /// <summary>Fetch and Send that answer with the hashes and sizes the test sets, whatever the content.</summary>
    private sealed class FaultyExchange : Exchange.ExchangeBase
    {
        private int _fetchCalls;

        public byte[]? PartEndHash { get; set; }

        public byte[]? HeaderHash { get; set; }

        public int? SentLength { get; set; }

        public byte[]? StoredHash { get; set; }

        public int FetchCalls => Volatile.Read(ref _fetchCalls);

        public override async Task Fetch(FetchRequest request, IServerStreamWriter<FetchResponse> responses, ServerCallContext context)
        {
            Interlocked.Increment(ref _fetchCalls);
            var realHash = SHA256.HashData(Content);
            var part = new PartInfo
            {
                PartId = "main",
                Kind = PartKind.MainDocument,
                FileName = "main.pdf",
                Size = Content.Length,
                Sha256 = ByteString.CopyFrom(HeaderHash ?? realHash),
            };
            await responses.WriteAsync(new FetchResponse { Header = new FetchHeader { Header = new DocumentHeader(), Parts = { part } } });
            var length = SentLength ?? Content.Length;
            for (var offset = 0; offset < length; offset += 32 * 1024)
            {
                var data = ByteString.CopyFrom(Content, offset, Math.Min(32 * 1024, length - offset));
                await responses.WriteAsync(new FetchResponse { Chunk = new ContentChunk { PartId = "main", Data = data } });
            }

            await responses.WriteAsync(new FetchResponse { PartEnd = new PartEnd { PartId = "main", Sha256 = ByteString.CopyFrom(PartEndHash ?? realHash) } });
        }

        public override async Task<SendResponse> Send(IAsyncStreamReader<SendRequest> requests, ServerCallContext context)
        {
            var parts = new List<PartInfo>();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (await requests.MoveNext(context.CancellationToken))
            {
                if (requests.Current.Header is { } header)
                {
                    parts.AddRange(header.Parts);
                }
                else
                {
                    hash.AppendData(requests.Current.Chunk.Data.Span);
                }
            }

            var stored = parts[0].Clone();
            stored.Sha256 = ByteString.CopyFrom(StoredHash ?? hash.GetHashAndReset());
            return new SendResponse { DocumentId = "doc", Parts = { stored } };
        }
    }
}
