using System.Text.Json;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task A_calls_correlation_id_is_echoed_to_the_client_and_carried_by_its_structured_log_line()
    {
        string logDirectory;
        await using (var server = await TestServer.StartAsync())
        {
            logDirectory = Path.Combine(server.DataDirectory, "logs");
            using var call = server.Operator().AsyncUnaryCall(Protocol.V1.Registry.Methods.RegisterAgency,
                new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" },
                new(headers: new Metadata { { "x-correlation-id", "it-correlation-42" } }));
            await call.ResponseAsync;

            Assert.Equal("it-correlation-42", (await call.ResponseHeadersAsync).GetValue("x-correlation-id"));

            // Stopping the server flushes the log file.
            var lines = await ReadLogLinesAfterStopAsync(server, logDirectory);
            var callLine = lines.Single(l => l.GetProperty("Properties").TryGetProperty("CorrelationId", out var id) && id.GetString() == "it-correlation-42"
                && l.GetProperty("MessageTemplate").GetString()!.StartsWith("gRPC ", StringComparison.Ordinal));
            var properties = callLine.GetProperty("Properties");
            Assert.Equal(Protocol.V1.Registry.Methods.RegisterAgency.FullName, properties.GetProperty("GrpcMethod").GetString());
            Assert.Equal("OK", properties.GetProperty("GrpcStatus").GetString());
            Assert.Equal("operator", properties.GetProperty("Caller").GetString());
        }
    }

    [Fact]
    public async Task A_call_without_a_correlation_id_gets_a_fresh_one()
    {
        await using var server = await TestServer.StartAsync();
        using var first = server.Operator().AsyncUnaryCall(Protocol.V1.Registry.Methods.ListChildren, new ListChildrenRequest { Code = TestServer.G22 });
        using var second = server.Operator().AsyncUnaryCall(Protocol.V1.Registry.Methods.ListChildren, new ListChildrenRequest { Code = TestServer.G22 });
        await Task.WhenAll(first.ResponseAsync, second.ResponseAsync);

        var a = (await first.ResponseHeadersAsync).GetValue("x-correlation-id");
        var b = (await second.ResponseHeadersAsync).GetValue("x-correlation-id");
        Assert.False(string.IsNullOrEmpty(a));
        Assert.NotEqual(a, b);
    }

    private static async Task<List<JsonElement>> ReadLogLinesAfterStopAsync(TestServer server, string logDirectory)
    {
        await server.Server.DisposeAsync();
        var file = Directory.GetFiles(logDirectory, "docexchange-*.log").Single();
        var lines = await File.ReadAllLinesAsync(file);
        return lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
