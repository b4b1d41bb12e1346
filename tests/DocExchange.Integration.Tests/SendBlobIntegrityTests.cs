using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// What Exchange.Send records for the main PDF is the SHA-256 of the bytes in its blob file, whether the document was
/// spooled in memory or in files; a declared SHA-256 that differs is refused and leaves no file in the blob store.
/// </summary>
public sealed class SendBlobIntegrityTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(10_000)]
    [InlineData(1_500_000)] // above the in-memory spool's 1 MiB
    public async Task The_recorded_SHA_256_of_the_main_PDF_is_that_of_its_blob_file_and_of_the_sent_bytes(int padding)
    {
        var pdf = SamplePdf.Create("Blob integrity", padding);
        var expected = SHA256.HashData(pdf);

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("blob-" + padding, TestServer.H41, pdf), pdf);

        var blob = Assert.Single(BlobFiles());
        Assert.Equal(Convert.ToHexStringLower(expected), Path.GetFileName(blob));
        Assert.Equal(expected, SHA256.HashData(File.ReadAllBytes(blob)));
        Assert.Equal(expected, sent.Parts.Single().Sha256.ToByteArray());
        Assert.Equal(expected, sent.Validation.DocumentSha256.ToByteArray());
        Assert.Empty(TemporaryBlobFiles());
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(1_500_000)]
    public async Task A_main_PDF_whose_declared_SHA_256_differs_is_refused_and_leaves_no_blob_file(int padding)
    {
        var pdf = SamplePdf.Create("Changed in transit", padding);
        var header = Exchanges.Header("wrong-hash-" + padding, TestServer.H41, pdf);
        var wrong = SHA256.HashData(pdf);
        wrong[0] ^= 0xFF;
        header.Parts[0].Sha256 = ByteString.CopyFrom(wrong);

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"its declared SHA-256 is {Convert.ToHexStringLower(wrong)}", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(BlobFiles());
        Assert.Empty(TemporaryBlobFiles());
        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
        Assert.Empty(sent.Documents);
    }

    private List<string> BlobFiles() =>
        Directory.GetFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();

    private string[] TemporaryBlobFiles() => Directory.GetFiles(Path.Combine(_server.DataDirectory, "blobs", ".tmp"));
}
