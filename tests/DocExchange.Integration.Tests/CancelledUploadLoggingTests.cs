using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Integration.Tests;

/// <summary>
/// An upload the client gives up on, or whose connection drops, is an ordinary end of a call: the server logs it as one
/// Information line with status CANCELLED, and nothing at Warning or above, no exception, no stack trace.
/// </summary>
public sealed class CancelledUploadLoggingTests
{
    private const int DeclaredSize = 4 * 1024 * 1024;
    private const int ChunkSize = 64 * 1024;

    public enum Ending
    {
        ClientCancels,
        ConnectionDrops,
    }

    [Theory]
    [InlineData(Ending.ClientCancels)]
    [InlineData(Ending.ConnectionDrops)]
    public async Task An_upload_ended_midway_is_logged_as_one_cancellation_line_without_a_warning_or_an_exception(Ending ending)
    {
        await using var server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(server);
        var logFile = LogFile(server);
        var linesBefore = ReadLines(logFile).Count;
        Socket? socket = null;
        var client = server.AgencyWithHandler(TestServer.G22, handler => handler.ConnectCallback = async (context, ct) =>
        {
            var opened = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await opened.ConnectAsync(context.DnsEndPoint, ct);
            socket = opened;
            return new NetworkStream(opened, ownsSocket: true);
        });
        const string correlationId = "it-cancelled-upload";
        using var cancel = new CancellationTokenSource();
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send,
            new CallOptions(headers: new Metadata { { "x-correlation-id", correlationId } }, cancellationToken: cancel.Token));
        var header = Exchanges.Header("cancelled-upload-1", TestServer.H41, []);
        header.Parts[0].Size = DeclaredSize;
        await call.RequestStream.WriteAsync(new SendRequest { Header = header });
        for (var sent = 0; sent < DeclaredSize / 4; sent += ChunkSize)
        {
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(ChunkSize)) } });
        }

        if (ending == Ending.ClientCancels)
        {
            await cancel.CancelAsync();
        }
        else
        {
            // An abortive close (RST), as when the client's process dies or the network fails.
            socket!.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var callLine = await WaitForAsync(logFile, line => CorrelationId(line) == correlationId && Template(line).StartsWith("gRPC ", StringComparison.Ordinal));
        await server.Server.DisposeAsync();

        var lines = ReadLines(logFile);
        var ours = lines.Where(l => CorrelationId(l) == correlationId).ToList();
        var single = Assert.Single(ours);
        Assert.Equal(callLine.GetRawText(), single.GetRawText());
        Assert.Equal("Information", single.GetProperty("Level").GetString());
        Assert.Equal("Cancelled", single.GetProperty("Properties").GetProperty("GrpcStatus").GetString());
        Assert.False(single.TryGetProperty("Exception", out _));
        var loud = lines.Skip(linesBefore).Where(l => l.GetProperty("Level").GetString() is not "Information" and not "Debug" and not "Verbose" || l.TryGetProperty("Exception", out _))
            .Select(l => l.GetProperty("RenderedMessage").GetString() + (l.TryGetProperty("Exception", out var e) ? " " + e.GetString() : ""))
            .ToList();
        Assert.Empty(loud);
    }

    private static string LogFile(TestServer server) => Directory.GetFiles(Path.Combine(server.DataDirectory, "logs"), "docexchange-*.log").Single();

    private static string? CorrelationId(JsonElement line) =>
        line.GetProperty("Properties").TryGetProperty("CorrelationId", out var id) ? id.GetString() : null;

    private static string Template(JsonElement line) => line.GetProperty("MessageTemplate").GetString()!;

    private static async Task<JsonElement> WaitForAsync(string logFile, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (ReadLines(logFile).FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the server logged no line for the call within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>The complete JSON lines of the log file so far (the server may be writing the next one).</summary>
    private static List<JsonElement> ReadLines(string logFile)
    {
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
