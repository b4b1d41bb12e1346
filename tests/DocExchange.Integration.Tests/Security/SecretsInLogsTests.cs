using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Runs the real server process at Debug level through a session that touches every secret it holds (TLS, audit
/// key and seal keystore passwords; a document's content), then searches every log file and the captured console
/// for them (docs/SECURITY.md, "secrets in logs": secrets, keys and document contents are never logged).
/// </summary>
public sealed partial class SecretsInLogsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docexchange-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly string _auditPassword = "audit-pw-" + Guid.NewGuid().ToString("N");
    private readonly string _marker = "CONTENT-MARKER-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The server never started.
        }
    }

    [Fact]
    public async Task A_debug_level_session_logs_no_password_key_or_document_content()
    {
        var console = new StringBuilder();
        using var server = StartServer(console);
        try
        {
            var address = await WaitForTlsAddressAsync(server, console);
            await RunSessionAsync(address);
        }
        finally
        {
            await StopAsync(server);
        }

        var logs = Directory.GetFiles(Path.Combine(_data, "logs")).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Contains("\"Level\":\"Debug\"", StringComparison.Ordinal)); // Debug really was on
        string everything;
        lock (console)
        {
            everything = string.Join("\n", logs) + "\n" + console;
        }

        Assert.Contains("/docexchange.v1.Exchange/Fetch", everything, StringComparison.Ordinal); // the session really was logged
        foreach (var secret in new[] { TestServer.SamplePassword, _auditPassword, _marker, "PRIVATE KEY", Convert.ToBase64String(Encoding.ASCII.GetBytes(_marker))[..24] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    private Process StartServer(StringBuilder console)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "DocExchange.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            serverDll,
            $"--DocExchange:DataDirectory={_data}",
            "--DocExchange:Listen:TlsPort=0",
            $"--DocExchange:Tls:CertificatePath={RepositoryPaths.SampleCert("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={TestServer.SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            $"--DocExchange:Audit:KeyPassword={_auditPassword}",
            $"--DocExchange:Signing:TrustAnchorsPath={RepositoryPaths.SampleCert("signing/root-ca.crt")}",
            $"--DocExchange:Signing:CrlPaths:0={RepositoryPaths.SampleCert("signing/root-ca.crl")}",
            $"--DocExchange:Signing:KeystorePath={RepositoryPaths.SampleCert("signing/seals")}",
            $"--DocExchange:Signing:KeystorePassword={TestServer.SamplePassword}",
            $"--DocExchange:Signing:Tsa:CertificatePath={RepositoryPaths.SampleCert("signing/tsa.pfx")}",
            "--Serilog:MinimumLevel:Default=Debug",
            "--Serilog:MinimumLevel:Override:Microsoft=Debug",
            "--Serilog:MinimumLevel:Override:System=Debug",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(console, e.Data);
        process.ErrorDataReceived += (_, e) => Append(console, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder console, string? line)
    {
        if (line is not null)
        {
            lock (console)
            {
                console.AppendLine(line);
            }
        }
    }

    private static async Task<Uri> WaitForTlsAddressAsync(Process server, StringBuilder console)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (console)
            {
                if (ServingLine().Match(console.ToString()) is { Success: true } match)
                {
                    return new Uri(match.Groups[1].Value);
                }
            }

            Assert.False(server.HasExited, "the server exited: " + console);
            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task RunSessionAsync(Uri address)
    {
        var operatorClient = Channel(address, "operator.pfx");
        var g22 = Channel(address, "agency-G22.pfx");
        var h41 = Channel(address, "agency-H41.pfx");
        await operatorClient.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" });
        await operatorClient.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.H41, Name = "UBND tỉnh Nghệ An" });

        // Sealed with the keystore's key (its password in use), sent, fetched, verified.
        var (sealedPdf, _) = await Signatures.SignAsync(g22, SamplePdf.Create(_marker), new SignOptions { Level = SignatureLevel.BT, Reason = "Đóng dấu" });
        var sent = await Exchanges.SendAsync(g22, Exchanges.Header("secret-1", TestServer.H41, sealedPdf), sealedPdf);
        using (var fetch = h41.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }))
        {
            while (await fetch.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        await Signatures.VerifyAsync(h41, sealedPdf);

        // Refusals that could echo what they refuse: a main part that is not a PDF, and an impersonation.
        var notPdf = Encoding.ASCII.GetBytes("not a PDF " + _marker);
        await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(g22, Exchanges.Header("secret-2", TestServer.H41, notPdf), notPdf));
        var header = Exchanges.Header("secret-3", TestServer.H41, notPdf);
        header.Document.From = new Organization { OrganId = TestServer.H41 };
        await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(g22, header, notPdf));
        await Channel(address, "auditor.pfx").UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
    }

    private static CallInvoker Channel(Uri address, string pfx)
    {
        var handler = Http2Handlers.Create();
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
            ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert(pfx), TestServer.SamplePassword)],
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }).CreateCallInvoker();
    }

    private static async Task StopAsync(Process server)
    {
        if (server.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"serving gRPC on (https://[0-9.]+:[0-9]+)")]
    private static partial Regex ServingLine();
}
