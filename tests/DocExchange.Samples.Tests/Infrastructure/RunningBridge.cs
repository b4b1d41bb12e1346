using DocExchange.Samples.AgencyDmsBridge;
using Microsoft.Extensions.Hosting;

namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>An AgencyDmsBridge host for one sample agency, with its four folders under a temporary directory.</summary>
internal sealed class RunningBridge : IAsyncDisposable
{
    private readonly SampleServer _server;
    private readonly string _agencyCode;
    private IHost? _host;

    private RunningBridge(SampleServer server, string agencyCode)
    {
        _server = server;
        _agencyCode = agencyCode;
        Root = Directory.CreateTempSubdirectory("docexchange-bridge-" + agencyCode[^3..] + "-").FullName;
    }

    public string Root { get; }

    public string Outbox => Path.Combine(Root, "outbox");

    public string Inbox => Path.Combine(Root, "inbox");

    public string Sent => Path.Combine(Root, "sent");

    public string Error => Path.Combine(Root, "error");

    public static async Task<RunningBridge> StartAsync(SampleServer server, string agencyCode)
    {
        var bridge = new RunningBridge(server, agencyCode);
        await bridge.StartAgainAsync();
        return bridge;
    }

    /// <summary>Starts a new host on the same folders, as after a restart of the process.</summary>
    public async Task StartAgainAsync()
    {
        var pfx = _agencyCode == SampleServer.G22 ? "agency-G22.pfx" : "agency-H41.pfx";
        _host = BridgeHost.Create(
        [
            $"--Bridge:AgencyCode={_agencyCode}",
            $"--Bridge:Address={_server.TlsAddress}",
            $"--Bridge:CertificatePath={RepositoryPaths.SampleCert(pfx)}",
            $"--Bridge:CertificatePassword={SampleServer.SamplePassword}",
            $"--Bridge:TrustedRootsPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            $"--Bridge:OutboxFolder={Outbox}",
            $"--Bridge:InboxFolder={Inbox}",
            $"--Bridge:SentFolder={Sent}",
            $"--Bridge:ErrorFolder={Error}",
            "--Bridge:ScanInterval=00:00:00.500",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>Writes a file the way a document-management system should: a temporary name, then a rename.</summary>
    public void Drop(string fileName, byte[] content)
    {
        var temporary = Path.Combine(Outbox, fileName + ".tmp");
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, Path.Combine(Outbox, fileName));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
