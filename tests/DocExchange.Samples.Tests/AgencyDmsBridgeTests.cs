using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocExchange.Protocol.V1;
using DocExchange.Samples.Tests.Infrastructure;
using Google.Protobuf;

namespace DocExchange.Samples.Tests;

/// <summary>One server for the class (its start-up is the slow part); each test has its own bridges, folders and document numbers.</summary>
public sealed class AgencyDmsBridgeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly SampleServer _server = fixture.Server;

    [Fact]
    public async Task A_pdf_dropped_in_G22s_outbox_arrives_intact_in_H41s_inbox_and_G22_journals_statuses_01_and_03()
    {
        await using var g22 = await RunningBridge.StartAsync(_server, SampleServer.G22);
        await using var h41 = await RunningBridge.StartAsync(_server, SampleServer.H41);
        var pdf = TestContent.Pdf("Cong van 7816");

        g22.Drop("congvan-7816.pdf", pdf);
        g22.Drop("congvan-7816.json", Sidecar($$"""
            { "to": ["{{SampleServer.H41}}"], "number": "7816", "notation": "VPCP-TTĐT", "subject": "Về việc thử nghiệm cầu nối",
              "type": 1, "typeName": "Công văn", "signer": { "fullName": "Nguyễn Văn A", "position": "Bộ trưởng" }, "priority": 1 }
            """));

        var sentRecord = Path.Combine(g22.Sent, "congvan-7816.sent.json");
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.Sent, "congvan-7816.pdf")), "G22 moves the PDF to sent/");
        Assert.Empty(Directory.EnumerateFiles(g22.Outbox));
        using var record = JsonDocument.Parse(File.ReadAllText(sentRecord));
        var documentId = record.RootElement.GetProperty("DocumentId").GetString()!;
        Assert.StartsWith(SampleServer.G22 + ",", documentId, StringComparison.Ordinal);
        Assert.EndsWith(",7816/VPCP-TTĐT", documentId, StringComparison.Ordinal);

        await Eventually.HoldsAsync(() => ReceivedFolder(h41, "congvan-7816.pdf") is not null, "H41 stores the document in its inbox");
        var received = ReceivedFolder(h41, "congvan-7816.pdf")!;
        Assert.Equal(h41.Inbox, Path.GetDirectoryName(received));
        Assert.Equal(pdf, File.ReadAllBytes(Path.Combine(received, "congvan-7816.pdf")));
        var header = FetchHeader.Parser.ParseJson(File.ReadAllText(Path.Combine(received, "edxml-header.json")));
        Assert.Equal("Về việc thử nghiệm cầu nối", header.Header.Subject);
        Assert.Equal(SHA256.HashData(pdf), header.Parts.Single().Sha256.ToByteArray());

        await Eventually.HoldsAsync(() => JournalCodes(g22, documentId).Contains("03"), "G22 journals status 03");
        Assert.Equal(["01", "03"], JournalCodes(g22, documentId));
        var journal = Directory.EnumerateFiles(g22.Sent, "*.statuses.jsonl").Single(f => File.ReadAllText(f).Contains(documentId, StringComparison.Ordinal));
        Assert.All(File.ReadAllLines(journal), line => Assert.Contains(SampleServer.H41, line, StringComparison.Ordinal));

        // The server's own record agrees: H41 acknowledged and accepted.
        await using var sender = _server.Client("agency-G22.pfx");
        var history = await sender.GetStatusHistoryAsync(documentId);
        Assert.Contains(history, s => s.StatusCode == ProcessingStatusCode.Arrived && s.Recipient == SampleServer.H41);
        Assert.Contains(history, s => s.StatusCode == ProcessingStatusCode.Accepted && s.Recipient == SampleServer.H41);
    }

    [Fact]
    public async Task A_malformed_sidecar_moves_the_pdf_to_error_with_the_reason()
    {
        await using var g22 = await RunningBridge.StartAsync(_server, SampleServer.G22);

        g22.Drop("broken.pdf", TestContent.Pdf("Broken"));
        g22.Drop("broken.json", Sidecar("""{ "to": ["000.00.00.H41"], "number": "12", """));

        var reason = Path.Combine(g22.Error, "broken.error.txt");
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.Error, "broken.pdf")), "the PDF is moved to error/");
        Assert.Contains("broken.json is not valid metadata JSON", File.ReadAllText(reason), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(g22.Error, "broken.json")));
        Assert.Empty(Directory.EnumerateFiles(g22.Outbox));
        Assert.Empty(Directory.EnumerateFiles(g22.Sent, "*.pdf"));
    }

    [Fact]
    public async Task A_sidecar_without_a_subject_is_refused_naming_the_missing_field()
    {
        await using var g22 = await RunningBridge.StartAsync(_server, SampleServer.G22);

        g22.Drop("no-subject.pdf", TestContent.Pdf("No subject"));
        g22.Drop("no-subject.json", Sidecar("""{ "to": ["000.00.00.H41"], "number": "13", "notation": "VPCP" }"""));

        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.Error, "no-subject.pdf")), "the PDF is moved to error/");
        Assert.Equal("no-subject.json lacks subject.", File.ReadAllText(Path.Combine(g22.Error, "no-subject.error.txt")).Trim());
    }

    [Fact]
    public async Task A_document_the_server_refuses_goes_to_error_with_the_servers_message()
    {
        await using var g22 = await RunningBridge.StartAsync(_server, SampleServer.G22);

        g22.Drop("unknown.pdf", TestContent.Pdf("Unknown recipient"));
        g22.Drop("unknown.json", Sidecar("""{ "to": ["000.00.00.Z99"], "number": "14", "notation": "VPCP", "subject": "Nobody" }"""));

        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.Error, "unknown.pdf")), "the PDF is moved to error/");
        var reason = File.ReadAllText(Path.Combine(g22.Error, "unknown.error.txt"));
        Assert.StartsWith("The server refused the document", reason, StringComparison.Ordinal);
        Assert.Contains("000.00.00.Z99", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarting_the_sender_before_it_moved_a_sent_document_does_not_send_it_twice()
    {
        await using var g22 = await RunningBridge.StartAsync(_server, SampleServer.G22);
        var pdf = TestContent.Pdf("Sent once");
        var sidecar = Sidecar("""{ "to": ["000.00.00.H41"], "number": "15", "notation": "VPCP", "subject": "Once only" }""");
        g22.Drop("once.pdf", pdf);
        g22.Drop("once.json", sidecar);
        var sentRecord = Path.Combine(g22.Sent, "once.sent.json");
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.Sent, "once.pdf")), "the first send completes");
        var first = JsonDocument.Parse(File.ReadAllText(sentRecord)).RootElement.GetProperty("DocumentId").GetString();

        // A crash after the send but before the files left the outbox: the restarted bridge finds them again.
        await g22.StopAsync();
        g22.Drop("once.pdf", pdf);
        g22.Drop("once.json", sidecar);
        await g22.StartAgainAsync();

        await Eventually.HoldsAsync(() => !File.Exists(Path.Combine(g22.Outbox, "once.pdf")), "the restarted bridge handles the outbox again");
        using var again = JsonDocument.Parse(File.ReadAllText(sentRecord));
        Assert.True(again.RootElement.GetProperty("Duplicate").GetBoolean());
        Assert.Equal(first, again.RootElement.GetProperty("DocumentId").GetString());
        Assert.Empty(Directory.EnumerateFiles(g22.Error));

        await using var recipient = _server.Client("agency-H41.pfx");
        var inbox = new List<DocumentSummary>();
        await foreach (var summary in recipient.ListAllReceivedAsync())
        {
            inbox.Add(summary);
        }

        Assert.Equal(first, Assert.Single(inbox, d => d.Header.Subject == "Once only").DocumentId);
    }

    [Fact]
    public async Task Two_documents_whose_ids_differ_only_in_which_dash_was_a_slash_are_stored_in_two_folders()
    {
        await using var h41 = await RunningBridge.StartAsync(_server, SampleServer.H41);
        await using var sender = _server.Client("agency-G22.pfx");
        // Number "9201-A" with notation "B", and number "9201" with notation "A-B": ids alike once '/' is made '-'.
        var pdfs = new[] { TestContent.Pdf("9201-A/B"), TestContent.Pdf("9201/A-B") };
        var first = await SendAsync(sender, "9201-A", "B", pdfs[0]);
        var second = await SendAsync(sender, "9201", "A-B", pdfs[1]);
        Assert.Equal(first.Replace('/', '-'), second.Replace('/', '-'));

        await Eventually.HoldsAsync(
            async () => await HasArrivedAsync(sender, first) && await HasArrivedAsync(sender, second), "H41 acknowledges both documents");

        var received = Directory.EnumerateDirectories(h41.Inbox)
            .Where(d => File.Exists(Path.Combine(d, "congvan-9201.pdf")))
            .ToDictionary(
                d => FetchHeader.Parser.ParseJson(File.ReadAllText(Path.Combine(d, "edxml-header.json"))).Header.DocumentId,
                d => File.ReadAllBytes(Path.Combine(d, "congvan-9201.pdf")));
        Assert.Equal(2, received.Count);
        Assert.Equal(pdfs[0], received[first]);
        Assert.Equal(pdfs[1], received[second]);
    }

    private static async Task<string> SendAsync(Client.DocExchangeClient sender, string number, string notation, byte[] pdf)
    {
        var sent = await sender.SendAsync(new Client.OutgoingDocumentBuilder()
            .Metadata(m => m.To(SampleServer.H41).Code(number, notation).Subject($"Số {number}, ký hiệu {notation}").Promulgation("Hà Nội", new DateOnly(2030, 1, 2)))
            .MainDocument(pdf, "congvan-9201.pdf"));
        return sent.DocumentId;
    }

    private static async Task<bool> HasArrivedAsync(Client.DocExchangeClient sender, string documentId) =>
        (await sender.GetStatusHistoryAsync(documentId)).Any(s => s.StatusCode == ProcessingStatusCode.Arrived && s.Recipient == SampleServer.H41);

    /// <summary>The completed folder holding <paramref name="fileName"/>: the bridge stages into a hidden folder, renamed once complete.</summary>
    private static string? ReceivedFolder(RunningBridge bridge, string fileName) =>
        Directory.EnumerateDirectories(bridge.Inbox)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, fileName)));

    private static byte[] Sidecar(string json) => Encoding.UTF8.GetBytes(json);

    private static List<string> JournalCodes(RunningBridge bridge, string documentId)
    {
        var codes = new List<string>();
        foreach (var journal in Directory.EnumerateFiles(bridge.Sent, "*.statuses.jsonl"))
        {
            foreach (var line in File.ReadAllLines(journal))
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.GetProperty("DocumentId").GetString() == documentId)
                {
                    codes.Add(entry.RootElement.GetProperty("Code").GetString()!);
                }
            }
        }

        return codes;
    }
}
