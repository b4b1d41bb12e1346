using DocExchange.Samples.AgencyDmsBridge;
using Microsoft.Extensions.Hosting;

namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>An AgencyDmsBridge host for one sample agency, with its folders under a temporary directory.</summary>
internal sealed class RunningBridge : IAsyncDisposable
{
    private readonly SampleServer _server;
    private readonly string _agencyCode;
    private readonly string[] _modeArguments;
    private IHost? _host;

    private RunningBridge(SampleServer server, string agencyCode, bool edXml, bool acceptReceivedDocuments)
    {
        _server = server;
        _agencyCode = agencyCode;
        Root = Directory.CreateTempSubdirectory("docexchange-bridge-" + agencyCode[^3..] + "-").FullName;
        _modeArguments = edXml
            ? ["--Bridge:Mode=EdXml", $"--Bridge:EdXmlFolder={EdXml.Root}", $"--Bridge:AcceptReceivedDocuments={acceptReceivedDocuments}"]
            : [];
    }

    public string Root { get; }

    public string Outbox => Path.Combine(Root, "outbox");

    public string Inbox => Path.Combine(Root, "inbox");

    public string Sent => Path.Combine(Root, "sent");

    public string Error => Path.Combine(Root, "error");

    /// <summary>The edXML mode's folders (Bridge:EdXmlFolder and the names the README documents).</summary>
    public EdXmlPaths EdXml => new(Path.Combine(Root, "edxml"));

    public static async Task<RunningBridge> StartAsync(SampleServer server, string agencyCode)
    {
        var bridge = new RunningBridge(server, agencyCode, edXml: false, acceptReceivedDocuments: true);
        await bridge.StartAgainAsync();
        return bridge;
    }

    /// <summary>A bridge in edXML mode; <paramref name="acceptReceivedDocuments"/> false leaves every status after 01 to the test's status packages.</summary>
    public static async Task<RunningBridge> StartEdXmlAsync(SampleServer server, string agencyCode, bool acceptReceivedDocuments = false)
    {
        var bridge = new RunningBridge(server, agencyCode, edXml: true, acceptReceivedDocuments);
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
            .. _modeArguments,
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
    public void Drop(string fileName, byte[] content) => DropInto(Outbox, fileName, content);

    /// <summary>Writes a file into <paramref name="folder"/> under a temporary name, then renames it into place.</summary>
    public static void DropInto(string folder, string fileName, byte[] content)
    {
        var temporary = Path.Combine(folder, fileName + ".tmp");
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, Path.Combine(folder, fileName));
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

/// <summary>The folders of a bridge in edXML mode.</summary>
internal sealed record EdXmlPaths(string Root)
{
    public string Outbox => Path.Combine(Root, "outbox");

    public string StatusOutbox => Path.Combine(Root, "status-outbox");

    public string Inbox => Path.Combine(Root, "inbox");

    public string Statuses => Path.Combine(Root, "statuses");

    public string Sent => Path.Combine(Root, "sent");

    public string Failed => Path.Combine(Root, "failed");
}
