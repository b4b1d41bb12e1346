using DocExchange.Testing.Storage;
using System.IO.Compression;
using System.Text;
using DocExchange.Protocol.V1;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>One server for the hostile packages (attachments zipped, so that zip bombs reach the reader), with a document already exchanged.</summary>
public sealed class HostilePackageServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public string SentDocumentId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync("--DocExchange:EdXml:AttachmentsZipped=true");
        await Exchanges.RegisterSampleAgenciesAsync(Server);
        var pdf = SamplePdf.Create("Cong van da gui");
        SentDocumentId = (await Exchanges.SendAsync(Server.Agency(TestServer.G22), Exchanges.Header("m-1", TestServer.H41, pdf), pdf)).DocumentId;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Hostile edXML packages through the server: each is refused with INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the
/// element or the limit, and the listings, the blob folder, the audit trail and the spool folder are as before.
/// </summary>
public sealed class HostilePackageTests(HostilePackageServer fixture) : IClassFixture<HostilePackageServer>
{
    private static readonly HandWrittenPackage.Part Main = new("main", "application/pdf", "main.pdf", SamplePdf.Create("Goi doc hai"));

    private static int _messages;

    public static TheoryData<string> Cases => new(HostileCases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_package_is_refused_naming_the_element_or_limit_and_nothing_changes(string name)
    {
        var (expected, named, package) = HostileCases[name]();
        var before = await StateAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            EdXmlCalls.SendPackageAsync(fixture.Server.Agency(TestServer.G22), $"hostile-{Interlocked.Increment(ref _messages)}", package.Bytes, declaredSize: package.DeclaredSize));

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_status_package_whose_reporter_gives_contact_details_is_refused_naming_the_element_and_no_status_is_stored()
    {
        var id = Core.Documents.DocumentId.Parse(fixture.SentDocumentId);
        var package = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <e:edXML xmlns:e="{HandWrittenPackage.Ns}"><e:edXMLEnvelope><e:edXMLHeader><e:Status>
              <e:ResponseFor><e:OrganId>{id.Sender}</e:OrganId><e:Code>{id.CodeNumber}/{id.CodeNotation}</e:Code><e:PromulgationDate>{Core.Documents.DocumentId.FormatDate(id.Date)}</e:PromulgationDate><e:DocumentId>{id}</e:DocumentId></e:ResponseFor>
              <e:From><e:OrganId>{TestServer.H41}</e:OrganId><e:OrganName>UBND tỉnh Nghệ An</e:OrganName></e:From>
              <e:StatusCode>01</e:StatusCode><e:Description></e:Description><e:Timestamp>2026-12-05T09:30:00+07:00</e:Timestamp>
            </e:Status></e:edXMLHeader><e:edXMLBody><e:edXMLManifest/></e:edXMLBody></e:edXMLEnvelope></e:edXML>
            """;
        var before = await StateAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => EdXmlCalls.PostStatusPackageAsync(fixture.Server.Agency(TestServer.H41), HandWrittenPackage.Bytes(package)));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("edXMLHeader/Status/From", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    private sealed record Hostile(byte[] Bytes, long? DeclaredSize = null);

    private static readonly Dictionary<string, Func<(GrpcStatusCode, string, Hostile)>> HostileCases = new()
    {
        ["external entity (XXE)"] = () => (GrpcStatusCode.InvalidArgument, "DTD", Document(
            beforeRoot: "<!DOCTYPE e:edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n",
            messageHeader: HandWrittenPackage.MessageHeader(subject: "&xxe;"))),
        ["entity expansion"] = () => (GrpcStatusCode.InvalidArgument, "DTD", Document(
            beforeRoot: "<!DOCTYPE e:edXML [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n",
            messageHeader: HandWrittenPackage.MessageHeader(subject: "&c;"))),
        ["excessive depth"] = () => (GrpcStatusCode.ResourceExhausted, "MaxDepth", Document(
            messageHeader: HandWrittenPackage.MessageHeader().Replace("<e:Content>", string.Concat(Enumerable.Repeat("<e:Content>", 40)), StringComparison.Ordinal))),
        ["excessive element count"] = () => (GrpcStatusCode.ResourceExhausted, "MaxElements", Document(
            messageHeader: HandWrittenPackage.MessageHeader().Replace("<e:Place>Như trên</e:Place>", string.Concat(Enumerable.Repeat("<e:Place>x</e:Place>", 20_001)), StringComparison.Ordinal))),
        ["manifest names an attachment the package lacks"] = () => (GrpcStatusCode.InvalidArgument, "ghost", Document(
            manifest: HandWrittenPackage.Reference(Main) + HandWrittenPackage.Reference(Main with { Id = "ghost" }))),
        ["attachment missing from the manifest"] = () => (GrpcStatusCode.InvalidArgument, "stray", Document(
            attachments: ZippedAttachment(Main) + ZippedAttachment(Main with { Id = "stray" }))),
        ["zip bomb"] = () => (GrpcStatusCode.ResourceExhausted, "MaxCompressionRatio", Document(
            attachments: ZippedAttachment(Main with { Content = new byte[48 * 1024 * 1024] }))),
        ["wrong namespace"] = () => (GrpcStatusCode.InvalidArgument, "namespace", Document(ns: "http://example.org/not-edxml")),
        ["missing mandatory Subject"] = () => (GrpcStatusCode.InvalidArgument, "MessageHeader/Subject", Document(
            messageHeader: HandWrittenPackage.MessageHeader().Replace($"<e:Subject>{HandWrittenPackage.Subject}</e:Subject>", string.Empty, StringComparison.Ordinal))),
        ["attachment description the exchange cannot carry"] = () => (GrpcStatusCode.InvalidArgument, "Reference/Description", Document(
            manifest: HandWrittenPackage.Reference(Main).Replace("</e:Reference>", "<e:Description>Bản chính</e:Description></e:Reference>", StringComparison.Ordinal))),
        ["package longer than declared"] = () =>
        {
            var package = Document();
            return (GrpcStatusCode.InvalidArgument, "PackageInfo.size", package with { DeclaredSize = package.Bytes.Length - 10 });
        },
    };

    private static Hostile Document(string? messageHeader = null, string? manifest = null, string? attachments = null, string? beforeRoot = null, string ns = HandWrittenPackage.Ns) =>
        new(HandWrittenPackage.Bytes(HandWrittenPackage.Document([Main], messageHeader, manifest, attachments ?? ZippedAttachment(Main), beforeRoot, ns)));

    private static string ZippedAttachment(HandWrittenPackage.Part part)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            using var entry = archive.CreateEntry(part.Name, CompressionLevel.SmallestSize).Open();
            entry.Write(part.Content);
        }
        return HandWrittenPackage.Attachment(part with { Content = zip.ToArray() });
    }

    /// <summary>Both agencies' listings, the status history, the audit tree size, the stored contents (blob files and rows), and what is in the spool folder.</summary>
    private async Task<string> StateAsync()
    {
        var server = fixture.Server;
        var sent = await server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
        var received = await server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
        var history = await server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory,
            new GetStatusHistoryRequest { DocumentId = fixture.SentDocumentId });
        var checkpoint = await server.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
        var blobs = Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Count()
            + (await StoredContents.ReadAsync(server.DataDirectory)).Count;
        var spool = string.Join(",", Directory.EnumerateFileSystemEntries(Path.Combine(server.DataDirectory, "spool"), "*", SearchOption.AllDirectories));
        return $"sent={sent}\nreceived={received}\nhistory={history}\ntree={checkpoint.TreeSize}\nblobs={blobs}\nspool=[{spool}]";
    }
}
