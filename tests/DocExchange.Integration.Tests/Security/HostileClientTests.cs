using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Export;
using DocExchange.Audit.Trail;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Hostile clients on real sockets (garbage on both ports, garbage HTTP/2 frames, a never-ending upload, a call
/// flood, oversized headers, a gzip bomb, a stalled upload), all at once, while a legitimate agency keeps sending and
/// its recipient keeps fetching. Afterwards what was stored is exactly what the legitimate client sent, and the
/// audit trail verifies.
/// </summary>
public sealed class HostileClientTests : IAsyncLifetime
{
    private const string H30 = "000.00.00.H30";
    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
        [
            .. _pki.ServerArgs,
            "--DocExchange:Abuse:CallsPerSecond=50",
            "--DocExchange:Abuse:CallBurst=50",
            // Short enough that the stalled upload ends within the test, long enough that the legitimate sender, starved
            // of CPU by the attacks and by other test assemblies on a 2-core machine, never pauses that long between chunks.
            "--DocExchange:Abuse:RequestIdleTimeoutSeconds=5",
        ]);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = H30, Name = "UBND tỉnh Hậu Giang" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task Hostile_clients_neither_stop_a_legitimate_exchange_nor_change_what_is_stored()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var hostile = _server.WithCertificate(_pki.Agency(H30));
        var tlsPort = _server.Server.TlsAddress!.Port;
        var plainPort = _server.Server.PlaintextAddress!.Port;

        var attacks = new Dictionary<string, Task<string>>
        {
            ["garbage on the TLS port"] = Closed(RawGrpc.ServerClosesAfterAsync(tlsPort, RandomNumberGenerator.GetBytes(64 * 1024), ct)),
            ["garbage on the h2c port"] = Closed(RawGrpc.ServerClosesAfterAsync(plainPort, RandomNumberGenerator.GetBytes(64 * 1024), ct)),
            ["garbage HTTP/2 frames"] = Closed(RawGrpc.ServerClosesAfterAsync(plainPort, [.. RawGrpc.Http2Preface(), .. RandomNumberGenerator.GetBytes(32 * 1024)], ct)),
            ["never-ending upload"] = NeverEndingUploadAsync(_server.WithCertificate(_pki.Agency("000.00.00.G12")), ct),
            ["call flood"] = FloodAsync(hostile, ct),
            ["oversized headers"] = OversizedHeadersAsync(ct),
            ["gzip bomb"] = GzipBombAsync(ct),
            ["stalled upload"] = StalledUploadAsync(ct),
        };
        var attacksDone = Task.WhenAll(attacks.Values);

        var sender = _server.Agency(TestServer.G22);
        var recipient = _server.Agency(TestServer.H41);
        var sent = new Dictionary<string, byte[]>();
        while (!attacksDone.IsCompleted || sent.Count < 5)
        {
            var pdf = SamplePdf.Create($"Legitimate document {sent.Count}");
            var response = await Exchanges.SendAsync(sender, Exchanges.Header($"legit-{sent.Count}", TestServer.H41, pdf, number: $"{100 + sent.Count}"), pdf);
            Assert.Equal(pdf, await FetchAsync(recipient, response.DocumentId, ct));
            sent[response.DocumentId] = SHA256.HashData(pdf);
            await Task.Delay(50, ct);
        }

        foreach (var (name, attack) in attacks)
        {
            Assert.True(attack.IsCompletedSuccessfully, name);
            var outcome = await attack;
            Assert.True(outcome == "defended", $"{name}: {outcome}");
        }

        var stored = await sender.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest { Page = new PageRequest { PageSize = 500 } });
        Assert.Equal(sent.Keys.Order(), stored.Documents.Select(d => d.DocumentId).Order());
        Assert.Empty((await hostile.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest())).Documents);
        foreach (var (documentId, hash) in sent)
        {
            Assert.Equal(hash, SHA256.HashData(await FetchAsync(recipient, documentId, ct)));
            // Under the recipient's rate limit (50 calls/s here), however many documents the attacks' duration let through.
            await Task.Delay(25, ct);
        }

        await AssertAuditTrailVerifiesAsync(ct);
    }

    private static async Task<string> Closed(Task<bool> closed) => await closed ? "defended" : "connection left open";

    private static async Task<string> NeverEndingUploadAsync(CallInvoker hostile, CancellationToken ct)
    {
        // A header, then silence: the server ends the call instead of waiting forever — after its idle timeout, or at
        // once when the header alone is refused (the send's checks run before any content is read). The idle timeout
        // itself is proven by the stalled upload below and by AbuseLimitTests.
        var pdf = SamplePdf.Create("never");
        using var call = hostile.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send, new(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("never", TestServer.G22, pdf) });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        return error.StatusCode is GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.PermissionDenied ? "defended" : error.Status.ToString();
    }

    private static async Task<string> FloodAsync(CallInvoker hostile, CancellationToken ct)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
        {
            try
            {
                await hostile.UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = H30 }, new(cancellationToken: ct));
                return GrpcStatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));
        return statuses.Contains(GrpcStatusCode.ResourceExhausted) && statuses.All(s => s is GrpcStatusCode.OK or GrpcStatusCode.ResourceExhausted)
            ? "defended"
            : string.Join(",", statuses.Distinct());
    }

    private async Task<string> OversizedHeadersAsync(CancellationToken ct)
    {
        var headers = new Metadata { { "x-padding", new string('a', 64 * 1024) } };
        try
        {
            await _server.As(null).UnaryAsync(HealthMethods.Check, new Grpc.Health.V1.HealthCheckRequest(), new(headers: headers, cancellationToken: ct));
            return "a 64 KiB header was accepted";
        }
        catch (RpcException)
        {
            return "defended";
        }
    }

    private async Task<string> GzipBombAsync(CancellationToken ct)
    {
        // 64 MiB of zeros in a few KiB: refused once inflation passes the 4 MiB message limit.
        var bomb = RawGrpc.Frame(RawGrpc.GzipBomb(64 * 1024 * 1024), compressed: true);
        var (status, _) = await RawGrpc.CallAsync(_server.Server.PlaintextAddress!, HealthMethods.Check.FullName, new ByteArrayContent(bomb), null, "gzip", ct);
        return status == (int)GrpcStatusCode.ResourceExhausted ? "defended" : $"status {status}";
    }

    private async Task<string> StalledUploadAsync(CancellationToken ct)
    {
        using var release = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var partial = RawGrpc.Frame(new byte[100], compressed: false, declaredLength: 64 * 1024);
        var (status, _) = await RawGrpc.CallAsync(_server.Server.PlaintextAddress!, Protocol.V1.Exchange.Methods.Send.FullName,
            // Not as H30, whose rate limit the concurrent flood exhausts: the point here is the idle timeout.
            new StallingContent(partial, release.Token), "agency:" + TestServer.H41, null, ct);
        await release.CancelAsync();
        return status == (int)GrpcStatusCode.DeadlineExceeded ? "defended" : $"status {status}";
    }

    private static async Task<byte[]> FetchAsync(CallInvoker recipient, string documentId, CancellationToken ct)
    {
        using var fetch = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId }, new(cancellationToken: ct));
        var content = new MemoryStream();
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            if (fetch.ResponseStream.Current.ResponseCase == FetchResponse.ResponseOneofCase.Chunk)
            {
                content.Write(fetch.ResponseStream.Current.Chunk.Data.Span);
            }
        }

        return content.ToArray();
    }

    private async Task AssertAuditTrailVerifiesAsync(CancellationToken ct)
    {
        var auditor = _server.Auditor();
        var info = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest(), new(cancellationToken: ct));
        await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true }, new(cancellationToken: ct));
        using var export = new MemoryStream();
        await _server.Server.Services.GetRequiredService<AuditTrail>().ExportAsync(export, includeProofs: false, treeSize: null, ct);
        export.Position = 0;
        using var key = CheckpointVerifier.FromSubjectPublicKeyInfo(info.PublicKey.ToByteArray());

        var report = await new AuditExportVerifier(key).VerifyAsync(export, ct);

        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.ToString())));
    }
}
