using System.Text;
using System.Text.Json;
using DocExchange.Protocol.V1;
using DocExchange.Samples.Tests.Infrastructure;
using CoreStatusCode = DocExchange.Core.Statuses.StatusCode;

namespace DocExchange.Samples.Tests;

/// <summary>The bridge in edXML mode: packages in the QLVB's folders, through the real server, between G22 and H41.</summary>
public sealed class EdXmlBridgeTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly SampleServer _server = fixture.Server;
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_package_dropped_in_G22s_edxml_outbox_arrives_as_a_package_in_H41s_edxml_inbox_that_xmllint_and_the_edXML_reader_accept_with_the_same_attachments()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        var pdf = TestContent.Pdf("Cong van 9101");
        var annex = TestContent.Random(300_000, seed: 9101);
        var package = await EdXmlPackages.DocumentAsync("9101", "Về việc kết nối QLVB qua thư mục edXML",
            [new("congvan", "application/pdf", "Công văn 9101.pdf", pdf), new("phuluc", "application/octet-stream", "Phụ lục.xlsx", annex)], _scratch.Path);

        RunningBridge.DropInto(g22.EdXml.Outbox, "congvan-9101.edxml", package);

        var documentId = await SentDocumentIdAsync(g22, "congvan-9101");
        Assert.Equal(package, File.ReadAllBytes(Path.Combine(g22.EdXml.Sent, "congvan-9101.edxml")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(g22.EdXml.Outbox));
        var received = Path.Combine(h41.EdXml.Inbox, documentId.Replace('/', '-') + ".edxml");
        await Eventually.HoldsAsync(() => File.Exists(received), "H41 writes the package into its edXML inbox");
        Assert.Equal([received], PackagesOf(h41, "9101"));

        var xmllint = await EdXmlPackages.XmllintAsync(received);
        Assert.True(xmllint.ExitCode == 0, xmllint.Output);
        await using (var read = await EdXmlPackages.ReadAsync(received, _scratch.Path))
        {
            Assert.Equal(documentId, read.Header!.DocumentId!.ToString());
            Assert.Equal("Về việc kết nối QLVB qua thư mục edXML", read.Header.Subject);
            Assert.Equal(SampleServer.G22, read.Header.From.OrganId.Value);
            Assert.Equal(["Công văn 9101.pdf", "Phụ lục.xlsx"], read.Manifest.Select(r => r.AttachmentName));
            Assert.Equal(pdf, File.ReadAllBytes(read.Attachments[0].FilePath));
            Assert.Equal(annex, File.ReadAllBytes(read.Attachments[1].FilePath));
        }

        // Stored before it was acknowledged: the server records H41's 01 only after the package is in place.
        await using var sender = _server.Client("agency-G22.pfx");
        await Eventually.HoldsAsync(() => HasStatusAsync(sender, documentId, ProcessingStatusCode.Arrived), "H41 acknowledges the document with 01");
        Assert.Empty(Directory.EnumerateFiles(h41.EdXml.Inbox, "*.partial"));
    }

    [Fact]
    public async Task A_status_package_dropped_in_H41s_status_outbox_is_posted_and_comes_out_as_a_status_package_in_G22s_statuses_folder()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        var documentId = await SendThroughBridgesAsync(g22, h41, "9102");

        var status = await EdXmlPackages.StatusAsync(documentId, CoreStatusCode.Accepted, "Đã vào sổ văn bản đến số 45");
        RunningBridge.DropInto(h41.EdXml.StatusOutbox, "tiep-nhan-9102.edxml", status);

        var record = Path.Combine(h41.EdXml.Sent, "tiep-nhan-9102.sent.json");
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(h41.EdXml.Sent, "tiep-nhan-9102.edxml")), "H41 posts the status package and files it in sent/");
        using (var posted = JsonDocument.Parse(File.ReadAllText(record)))
        {
            Assert.Equal(documentId, posted.RootElement.GetProperty("DocumentId").GetString());
            Assert.Equal("03", posted.RootElement.GetProperty("Code").GetString());
        }

        // The native status API sees it, and G22's bridge writes each of H41's statuses as a package named by its sequence.
        await using var sender = _server.Client("agency-G22.pfx");
        var history = await sender.GetStatusHistoryAsync(documentId);
        Assert.Equal([ProcessingStatusCode.Arrived, ProcessingStatusCode.Accepted], history.Select(s => s.StatusCode));
        Assert.Equal("Đã vào sổ văn bản đến số 45", history[1].Description);
        var expected = history.Select(s => Path.Combine(g22.EdXml.Statuses, $"status-{s.Sequence}-{SampleServer.H41}.edxml")).ToList();
        await Eventually.HoldsAsync(() => expected.All(File.Exists), "G22 writes both statuses as status packages");

        var xmllint = await EdXmlPackages.XmllintAsync(expected[1]);
        Assert.True(xmllint.ExitCode == 0, xmllint.Output);
        await using var arrived = await EdXmlPackages.ReadAsync(expected[0], _scratch.Path);
        await using var accepted = await EdXmlPackages.ReadAsync(expected[1], _scratch.Path);
        Assert.Equal(CoreStatusCode.Arrived, arrived.Status!.Code);
        Assert.Equal(CoreStatusCode.Accepted, accepted.Status!.Code);
        Assert.Equal(documentId, accepted.Status.ResponseFor.DocumentId.ToString());
        Assert.Equal(SampleServer.H41, accepted.Status.From.OrganId.Value);
        Assert.Equal("Đã vào sổ văn bản đến số 45", accepted.Status.Description);
        Assert.Equal("Trần Thị Lan", accepted.Status.Staff.Staff);
    }

    [Fact]
    public async Task A_hostile_package_is_moved_to_failed_with_the_servers_reason_and_nothing_is_sent()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        var valid = Encoding.UTF8.GetString(await EdXmlPackages.DocumentAsync("9103", "HOSTILE-SUBJECT",
            [new("congvan", "application/pdf", "congvan.pdf", TestContent.Pdf("Hostile 9103"))], _scratch.Path));
        // An external entity (XXE) in a DTD, used in the subject.
        var declarationEnd = valid.StartsWith("<?xml", StringComparison.Ordinal) ? valid.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
        var hostile = valid[..declarationEnd] + "<!DOCTYPE edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + valid[declarationEnd..].Replace("HOSTILE-SUBJECT", "&xxe;", StringComparison.Ordinal);

        RunningBridge.DropInto(g22.EdXml.Outbox, "hostile.edxml", Encoding.UTF8.GetBytes(hostile));

        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(g22.EdXml.Failed, "hostile.edxml")), "the package is moved to failed/");
        var reason = File.ReadAllText(Path.Combine(g22.EdXml.Failed, "hostile.error.txt"));
        Assert.StartsWith("The server refused the package (INVALID_ARGUMENT): ", reason, StringComparison.Ordinal);
        Assert.Contains("DTD", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Encoding.UTF8.GetBytes(hostile), File.ReadAllBytes(Path.Combine(g22.EdXml.Failed, "hostile.edxml")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(g22.EdXml.Outbox));
        Assert.Empty(Directory.EnumerateFileSystemEntries(g22.EdXml.Sent));

        await using var sender = _server.Client("agency-G22.pfx");
        await foreach (var summary in sender.ListAllSentAsync())
        {
            Assert.NotEqual("9103", summary.Header.Code.CodeNumber);
        }
    }

    [Fact]
    public async Task A_status_package_in_another_agencys_name_is_moved_to_failed_with_the_servers_reason_and_nothing_is_posted()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        var documentId = await SendThroughBridgesAsync(g22, h41, "9106");
        var package = await EdXmlPackages.StatusAsync(documentId, CoreStatusCode.Accepted, "Not H41's to say", reporter: SampleServer.G22);

        RunningBridge.DropInto(h41.EdXml.StatusOutbox, "impostor.edxml", package);

        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(h41.EdXml.Failed, "impostor.edxml")), "the status package is moved to failed/");
        var reason = File.ReadAllText(Path.Combine(h41.EdXml.Failed, "impostor.error.txt"));
        Assert.StartsWith("The server refused the status package (PERMISSION_DENIED): ", reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(h41.EdXml.StatusOutbox));
        await using var sender = _server.Client("agency-G22.pfx");
        Assert.Equal([ProcessingStatusCode.Arrived], (await sender.GetStatusHistoryAsync(documentId)).Select(s => s.StatusCode));
    }

    [Fact]
    public async Task A_package_found_again_in_the_outbox_after_a_restart_is_answered_as_a_duplicate_and_sent_once()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        var package = await EdXmlPackages.DocumentAsync("9107", "Gửi một lần",
            [new("congvan", "application/pdf", "congvan.pdf", TestContent.Pdf("Cong van 9107"))], _scratch.Path);
        RunningBridge.DropInto(g22.EdXml.Outbox, "once.edxml", package);
        var first = await SentDocumentIdAsync(g22, "once");

        // A crash after the send but before the package left the outbox: the restarted bridge finds it again.
        await g22.StopAsync();
        RunningBridge.DropInto(g22.EdXml.Outbox, "once.edxml", package);
        await g22.StartAgainAsync();

        await Eventually.HoldsAsync(() => !File.Exists(Path.Combine(g22.EdXml.Outbox, "once.edxml")), "the restarted bridge handles the outbox again");
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(g22.EdXml.Sent, "once.sent.json")));
        Assert.True(again.RootElement.GetProperty("Duplicate").GetBoolean());
        Assert.Equal(first, again.RootElement.GetProperty("DocumentId").GetString());
        Assert.Equal(["once.edxml", "once.sent.json"], Directory.EnumerateFiles(g22.EdXml.Sent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(g22.EdXml.Failed));
        await using var sender = _server.Client("agency-G22.pfx");
        var sent = new List<string>();
        await foreach (var summary in sender.ListAllSentAsync())
        {
            if (summary.Header.Code.CodeNumber == "9107")
            {
                sent.Add(summary.DocumentId);
            }
        }

        Assert.Equal([first], sent);
    }

    [Fact]
    public async Task Restarting_both_bridges_with_their_cursors_lost_writes_no_second_package_of_a_document_or_a_status()
    {
        await using var g22 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.G22);
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        var documentId = await SendThroughBridgesAsync(g22, h41, "9104");
        await using var sender = _server.Client("agency-G22.pfx");
        var arrived = (await sender.GetStatusHistoryAsync(documentId)).Single();
        var statusPackage = Path.Combine(g22.EdXml.Statuses, $"status-{arrived.Sequence}-{SampleServer.H41}.edxml");
        await Eventually.HoldsAsync(() => File.Exists(statusPackage), "G22 writes the 01 as a status package");
        var inboxBefore = Snapshot(h41.EdXml.Inbox);
        var statusesBefore = Snapshot(g22.EdXml.Statuses);
        var inboxCursor = Path.Combine(h41.EdXml.Inbox, ".cursor");
        var statusCursor = Path.Combine(g22.EdXml.Statuses, ".cursor");
        var inboxEnd = File.ReadAllText(inboxCursor);
        var statusEnd = File.ReadAllText(statusCursor);

        // Both bridges start again from the beginning of the inbox and of the status stream.
        await h41.StopAsync();
        await g22.StopAsync();
        File.Delete(inboxCursor);
        File.Delete(statusCursor);
        await h41.StartAgainAsync();
        await g22.StartAgainAsync();

        await Eventually.HoldsAsync(() => File.Exists(inboxCursor) && File.ReadAllText(inboxCursor) == inboxEnd, "H41 goes through its whole inbox again");
        await Eventually.HoldsAsync(() => File.Exists(statusCursor) && File.ReadAllText(statusCursor) == statusEnd, "G22 goes through all its statuses again");
        Assert.Equal(inboxBefore, Snapshot(h41.EdXml.Inbox));
        Assert.Equal(statusesBefore, Snapshot(g22.EdXml.Statuses));
    }

    [Fact]
    public async Task A_package_stored_but_not_acknowledged_before_a_crash_is_acknowledged_after_the_restart_without_a_second_file()
    {
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        await h41.StopAsync();
        await using var sender = _server.Client("agency-G22.pfx");
        var pdf = TestContent.Pdf("Crash 9105");
        var sent = await sender.SendAsync(new Client.OutgoingDocumentBuilder()
            .Metadata(m => m.To(SampleServer.H41).Code("9105", "VPCP").Subject("Crash before 01"))
            .MainDocument(pdf, "crash.pdf"));

        // The state a crash between the rename and the acknowledgement leaves: the package in place, the delivery pending,
        // and the staging file of a fetch that was cut short.
        var stored = Path.Combine(h41.EdXml.Inbox, sent.DocumentId.Replace('/', '-') + ".edxml");
        await using var recipient = _server.Client("agency-H41.pfx");
        await using (var file = File.Create(stored))
        {
            await recipient.FetchPackageAsync(sent.DocumentId, file);
        }

        var content = File.ReadAllBytes(stored);
        var leftover = Path.Combine(h41.EdXml.Inbox, $".{Guid.NewGuid():N}.partial");
        File.WriteAllBytes(leftover, [1, 2, 3]);
        await h41.StartAgainAsync();

        await Eventually.HoldsAsync(() => HasStatusAsync(sender, sent.DocumentId, ProcessingStatusCode.Arrived), "the restarted bridge acknowledges the document");
        Assert.Equal([stored], PackagesOf(h41, "9105"));
        Assert.Equal(content, File.ReadAllBytes(stored));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Two_documents_whose_ids_differ_only_in_which_dash_was_a_slash_are_stored_as_two_packages()
    {
        await using var h41 = await RunningBridge.StartEdXmlAsync(_server, SampleServer.H41);
        await using var sender = _server.Client("agency-G22.pfx");
        // Number "9108-A" with notation "B", and number "9108" with notation "A-B": ids alike once '/' is made '-'.
        var first = await SendAsync(sender, "9108-A", "B");
        var second = await SendAsync(sender, "9108", "A-B");
        Assert.Equal(first.Replace('/', '-'), second.Replace('/', '-'));

        await Eventually.HoldsAsync(
            async () => await HasStatusAsync(sender, first, ProcessingStatusCode.Arrived) && await HasStatusAsync(sender, second, ProcessingStatusCode.Arrived),
            "H41 acknowledges both documents");

        var stored = new List<string>();
        foreach (var package in PackagesOf(h41, "9108"))
        {
            await using var read = await EdXmlPackages.ReadAsync(package, _scratch.Path);
            stored.Add(read.Header!.DocumentId!.ToString());
        }

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    private static async Task<string> SendAsync(Client.DocExchangeClient sender, string number, string notation)
    {
        var sent = await sender.SendAsync(new Client.OutgoingDocumentBuilder()
            .Metadata(m => m.To(SampleServer.H41).Code(number, notation).Subject($"Số {number}, ký hiệu {notation}").Promulgation("Hà Nội", new DateOnly(2030, 1, 2)))
            .MainDocument(TestContent.Pdf($"{number}/{notation}"), "congvan.pdf"));
        return sent.DocumentId;
    }

    /// <summary>Sends a package through G22's edXML outbox and waits until H41's bridge has stored and acknowledged it.</summary>
    private async Task<string> SendThroughBridgesAsync(RunningBridge g22, RunningBridge h41, string number)
    {
        var package = await EdXmlPackages.DocumentAsync(number, "Về việc thử trạng thái " + number,
            [new("congvan", "application/pdf", "congvan.pdf", TestContent.Pdf("Cong van " + number))], _scratch.Path);
        RunningBridge.DropInto(g22.EdXml.Outbox, $"congvan-{number}.edxml", package);
        var documentId = await SentDocumentIdAsync(g22, "congvan-" + number);
        await using var sender = _server.Client("agency-G22.pfx");
        await Eventually.HoldsAsync(() => HasStatusAsync(sender, documentId, ProcessingStatusCode.Arrived), "H41 acknowledges the document with 01");
        Assert.True(File.Exists(Path.Combine(h41.EdXml.Inbox, documentId.Replace('/', '-') + ".edxml")));
        return documentId;
    }

    private static async Task<string> SentDocumentIdAsync(RunningBridge bridge, string name)
    {
        await Eventually.HoldsAsync(() => File.Exists(Path.Combine(bridge.EdXml.Sent, name + ".edxml")), $"{name}.edxml is sent and moved to sent/");
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(bridge.EdXml.Sent, name + ".sent.json")));
        return record.RootElement.GetProperty("DocumentId").GetString()!;
    }

    private static async Task<bool> HasStatusAsync(Client.DocExchangeClient client, string documentId, ProcessingStatusCode code) =>
        (await client.GetStatusHistoryAsync(documentId)).Any(s => s.StatusCode == code);

    /// <summary>
    /// The packages in the bridge's inbox of the document numbered <paramref name="number"/> (the server, shared by the
    /// class, also delivers the other tests' documents to a new bridge).
    /// </summary>
    private static List<string> PackagesOf(RunningBridge bridge, string number) =>
        Directory.EnumerateFiles(bridge.EdXml.Inbox, "*.edxml").Where(f => Path.GetFileName(f).Contains($",{number}-", StringComparison.Ordinal)).ToList();

    /// <summary>Every package in a folder with its content, cursor and temporary files aside.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*.edxml").ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToBase64String(File.ReadAllBytes(f)));
}
