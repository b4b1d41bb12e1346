using DocExchange.Protocol.V1;
using DocExchange.Server.Services;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Integration.Tests;

/// <summary>
/// DocExchange:Storage:SpoolMemoryBytes on the real server: an upload that fits in what is left of it is spooled in
/// memory and never written to the spool folder; a larger one, or one beyond what the uploads in progress leave, is
/// spooled in files; either way each document is stored with exactly its bytes, and all of it is given back.
/// </summary>
public sealed class SendSpoolMemoryTests : IAsyncLifetime
{
    /// <summary>4 MiB: one upload holds at most 1 MiB in memory; eight of 512 KiB at once.</summary>
    private const long Budget = 4L * 1024 * 1024;
    private const int ChunkSize = 64 * 1024;

    private TestServer _server = null!;
    private int _number = 3000;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync($"--DocExchange:Storage:SpoolMemoryBytes={Budget}");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SpoolMemory Memory => _server.Server.Services.GetRequiredService<SpoolMemory>();

    private string[] SpoolFiles() => Directory.GetFiles(Path.Combine(_server.DataDirectory, "spool"));

    [Fact]
    public async Task An_upload_that_fits_stays_out_of_the_spool_folder_and_one_above_a_quarter_of_the_budget_goes_to_files()
    {
        var small = await StartUploadAsync("fits", 300_000);
        await WaitUntilAsync(() => Memory.InUseBytes == 512 * 1024, "the 300 KB upload to hold its buffer");
        Assert.Empty(SpoolFiles());

        var large = await StartUploadAsync("too-large", 1_200_000);
        await WaitUntilAsync(() => SpoolFiles().Length == 2, "the 1.2 MB upload's two spool files");
        Assert.Equal(512 * 1024, Memory.InUseBytes);

        await FinishAndCheckAsync(small, large);
        Assert.Equal(0, Memory.InUseBytes);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Uploads_beyond_what_the_others_leave_go_to_files_and_memory_serves_again_once_given_back()
    {
        var uploads = new List<Upload>();
        for (var i = 0; i < 10; i++)
        {
            uploads.Add(await StartUploadAsync($"shared-{i}", 300_000 + (i * 1_000)));
        }

        // Eight hold 512 KiB each, the whole budget; the other two are spooled in two files each.
        await WaitUntilAsync(() => SpoolFiles().Length == 4 && Memory.InUseBytes == Budget, "eight uploads in memory and two in files");

        await FinishAndCheckAsync([.. uploads]);
        Assert.Equal(0, Memory.InUseBytes);
        Assert.Empty(SpoolFiles());

        var after = await StartUploadAsync("after", 300_000);
        await WaitUntilAsync(() => Memory.InUseBytes == 512 * 1024, "the next upload to be held in memory");
        Assert.Empty(SpoolFiles());
        await FinishAndCheckAsync(after);
    }

    [Fact]
    public async Task With_no_spool_memory_even_a_small_upload_is_spooled_in_files_and_stored_intact()
    {
        await using var server = await TestServer.StartAsync("--DocExchange:Storage:SpoolMemoryBytes=0");
        await Exchanges.RegisterSampleAgenciesAsync(server);
        var pdf = SamplePdf.Create("No spool memory", 10_000);
        using var call = server.Agency(TestServer.G22).AsyncClientStreamingCall(Exchange.Methods.Send, new CallOptions());
        await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("no-memory", TestServer.H41, pdf) });
        await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, 0, 4_096) } });

        var spool = Path.Combine(server.DataDirectory, "spool");
        await WaitUntilAsync(() => Directory.GetFiles(spool).Length == 2, "the small upload's two spool files");

        await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, 4_096, pdf.Length - 4_096) } });
        await call.RequestStream.CompleteAsync();
        var sent = await call.ResponseAsync;
        Assert.Equal(pdf, (await Exchanges.FetchAsync(server.Agency(TestServer.H41), sent.DocumentId, CancellationToken.None))["main"]);
        Assert.Empty(Directory.GetFiles(spool));
    }

    private sealed record Upload(AsyncClientStreamingCall<SendRequest, SendResponse> Call, byte[] Pdf);

    /// <summary>A send whose header and first chunk are written, the rest held back.</summary>
    private async Task<Upload> StartUploadAsync(string messageId, int padding)
    {
        var pdf = SamplePdf.Create("Spool memory " + messageId, padding);
        var call = _server.Agency(TestServer.G22).AsyncClientStreamingCall(Exchange.Methods.Send, new CallOptions());
        await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header(messageId, TestServer.H41, pdf, $"{Interlocked.Increment(ref _number)}") });
        await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, 0, ChunkSize) } });
        return new Upload(call, pdf);
    }

    /// <summary>Writes the rest of each upload, then checks that the recipient fetches exactly the bytes sent.</summary>
    private async Task FinishAndCheckAsync(params Upload[] uploads)
    {
        foreach (var (call, pdf) in uploads)
        {
            using (call)
            {
                for (var offset = ChunkSize; offset < pdf.Length; offset += ChunkSize)
                {
                    await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, offset, Math.Min(ChunkSize, pdf.Length - offset)) } });
                }
                await call.RequestStream.CompleteAsync();
                var sent = await call.ResponseAsync;
                var fetched = await Exchanges.FetchAsync(_server.Agency(TestServer.H41), sent.DocumentId, CancellationToken.None);
                Assert.Equal(pdf, fetched["main"]);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
