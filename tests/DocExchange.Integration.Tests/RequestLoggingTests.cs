using System.Text.Json;
using Google.Protobuf;
using Empty = Google.Protobuf.WellKnownTypes.Empty;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The host's request logging (Serilog.AspNetCore) next to the per-call line: a gRPC call is logged once, by the call
/// logging, and a request that never reaches a gRPC method gets the host's request line (at Debug level).
/// </summary>
public sealed class RequestLoggingTests
{
    private static readonly Method<Empty, Empty> NoSuchMethod = new(
        MethodType.Unary, Protocol.V1.Registry.Descriptor.FullName, "NoSuchMethod",
        Marshallers.Create(static m => m.ToByteArray(), Empty.Parser.ParseFrom),
        Marshallers.Create(static m => m.ToByteArray(), Empty.Parser.ParseFrom));

    [Fact]
    public async Task At_debug_level_a_call_has_one_log_line_and_a_request_for_an_unknown_method_has_the_hosts_request_line()
    {
        await using var server = await TestServer.StartAsync("--Serilog:MinimumLevel:Default=Debug");
        var logDirectory = Path.Combine(server.DataDirectory, "logs");
        await server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency,
            new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" }, new(headers: new Metadata { { "x-correlation-id", "it-request-7" } }));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => server.Operator().UnaryAsync(NoSuchMethod, new Empty()));
        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, unknown.StatusCode);

        await server.Server.DisposeAsync(); // flushes the log file
        var lines = (await File.ReadAllLinesAsync(Directory.GetFiles(logDirectory, "docexchange-*.log").Single()))
            .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        // Per-call lines only: at Debug level, what the call logs on its way carries its method too.
        var callLine = Assert.Single(lines, l => IsCallOrRequestLine(l) && Mentions(l, Protocol.V1.Registry.Methods.RegisterAgency.FullName));
        Assert.StartsWith("gRPC ", callLine.GetProperty("MessageTemplate").GetString(), StringComparison.Ordinal);
        Assert.Equal("it-request-7", callLine.GetProperty("Properties").GetProperty("CorrelationId").GetString());

        var requestLine = Assert.Single(lines, l => IsCallOrRequestLine(l) && Mentions(l, NoSuchMethod.FullName));
        Assert.StartsWith("HTTP ", requestLine.GetProperty("MessageTemplate").GetString(), StringComparison.Ordinal);
        Assert.Equal("Debug", requestLine.GetProperty("Level").GetString());
        Assert.Equal("grpc-status 12", requestLine.GetProperty("Properties").GetProperty("GrpcStatus").GetString());
    }

    private static bool IsCallOrRequestLine(JsonElement line) =>
        line.GetProperty("MessageTemplate").GetString() is { } template
        && (template.StartsWith("gRPC ", StringComparison.Ordinal) || template.StartsWith("HTTP ", StringComparison.Ordinal));

    private static bool Mentions(JsonElement line, string path) =>
        line.GetProperty("Properties") is var properties
        && ((properties.TryGetProperty("GrpcMethod", out var method) && method.GetString() == path)
            || (properties.TryGetProperty("RequestPath", out var requested) && requested.GetString() == path));
}
