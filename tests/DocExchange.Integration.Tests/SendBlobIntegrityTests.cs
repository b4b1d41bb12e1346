using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using DocExchange.Testing.Storage;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// What Exchange.Send records for the main PDF is the SHA-256 of the bytes stored: in the database with the send (a
/// part up to DocExchange:Storage:InlineContentMaxBytes) or in its blob file, whether the document was spooled in memory
/// or in files; a declared SHA-256 that differs is refused and leaves nothing stored.
/// </summary>
public sealed class SendBlobIntegrityTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // 4 MiB of spool memory: one upload holds at most 1 MiB in memory, so the 1.5 MB documents are spooled in files.
        _server = await TestServer.StartAsync("--DocExchange:Storage:SpoolMemoryBytes=4194304");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(10_000, true)]
    [InlineData(300_000, false)] // above the default inline limit of 256 KiB
    [InlineData(1_500_000, false)] // spooled in files
    public async Task The_recorded_SHA_256_of_the_main_PDF_is_that_of_its_stored_bytes_and_of_the_sent_bytes(int padding, bool inDatabase)
    {
        var pdf = SamplePdf.Create("Blob integrity", padding);
        var expected = SHA256.HashData(pdf);

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("blob-" + padding, TestServer.H41, pdf), pdf);

        var (name, bytes) = Assert.Single(await StoredContentsAsync());
        Assert.Equal(inDatabase ? 0 : 1, BlobFiles().Count);
        Assert.Equal(Convert.ToHexStringLower(expected), name);
        Assert.Equal(expected, SHA256.HashData(bytes));
        Assert.Equal(expected, sent.Parts.Single().Sha256.ToByteArray());
        Assert.Equal(expected, sent.Validation.DocumentSha256.ToByteArray());
        Assert.Empty(TemporaryBlobFiles());
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(300_000)]
    [InlineData(1_500_000)]
    public async Task A_main_PDF_whose_declared_SHA_256_differs_is_refused_and_stores_nothing(int padding)
    {
        var pdf = SamplePdf.Create("Changed in transit", padding);
        var header = Exchanges.Header("wrong-hash-" + padding, TestServer.H41, pdf);
        var wrong = SHA256.HashData(pdf);
        wrong[0] ^= 0xFF;
        header.Parts[0].Sha256 = ByteString.CopyFrom(wrong);

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"its declared SHA-256 is {Convert.ToHexStringLower(wrong)}", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await StoredContentsAsync());
        Assert.Empty(TemporaryBlobFiles());
        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
        Assert.Empty(sent.Documents);
    }

    private Task<List<(string Name, byte[] Bytes)>> StoredContentsAsync() => StoredContents.ReadAsync(_server.DataDirectory);

    private List<string> BlobFiles() => StoredContents.BlobFiles(_server.DataDirectory);

    private string[] TemporaryBlobFiles() => Directory.GetFiles(Path.Combine(_server.DataDirectory, "blobs", ".tmp"));
}
