using System.Text;
using DocExchange.Client;

namespace DocExchange.Cli.Tests.Network;

/// <summary>
/// A sender chooses its parts' file names and the subject; the recipient's dx must write only inside the folder it
/// was given, under cleaned names, and print nothing that could drive the terminal (escape sequences, bidirectional
/// overrides) or forge a line (line breaks).
/// </summary>
[Collection(CliServerCollection.Name)]
public sealed class HostileFileNameTests(CliServer server) : IDisposable
{
    private const string HostileSubject = "Trích yếu\u001b[2J\u001b]0;pwned\u0007\u202Eabc\nFAKE ✓ line";

    /// <summary>Attachment file names as the sender gave them, and the name each must be written under.</summary>
    private static readonly (string Sent, string Written)[] Names =
    [
        ("..", "att-1"),
        ("x/", "att-2"),
        ("../../evil.txt", "evil.txt"),
        ("C:\\evil2.txt", "evil2.txt"),
        ("dir/sub.txt", "sub.txt"),
        ("line1\nline2.txt", "line1 line2.txt"),
        ("\u001b[31mred\u001b[0m.txt", "_red_.txt"),
        ("\u001b]0;pwned\u0007title.txt", "_title.txt"),
        ("\u202Etxt.exe", "_txt.exe"),
        ("tab\there.txt", "tab here.txt"),
        ("bell\u0007.txt", "bell_.txt"),
        ("\u009b2Jc1.txt", "_c1.txt"),
        ("/etc/evil3.txt", "evil3.txt"),
        (".", "att-14"),
        ("....", "att-15"),
        (". .pdf", "att-16.pdf"),
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fetching_every_part_into_a_folder_writes_only_inside_it_under_cleaned_names_and_prints_nothing_raw()
    {
        string documentId = await SendHostileDocumentAsync();
        string output = _temp.File("a/b/incoming");

        var fetched = await server.Dx(Identity.H41).RunAsync("fetch", documentId, "--out", output);

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        AssertWrittenOnlyInside(output);
        Assert.Equal(Names.Select(n => n.Written).Append("congvan.pdf").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertInert(fetched);
        Assert.Contains("line1 line2.txt", fetched.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(11)]
    public async Task Fetching_one_part_into_a_folder_writes_it_inside_under_its_cleaned_name(int index)
    {
        string documentId = await SendHostileDocumentAsync();
        string output = _temp.File("a/b/incoming") + "/";

        var fetched = await server.Dx(Identity.H41).RunAsync("fetch", documentId, "--part", $"att-{index + 1}", "--out", output);

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        AssertWrittenOnlyInside(output);
        Assert.Equal([Names[index].Written], Directory.EnumerateFiles(output).Select(Path.GetFileName));
        AssertInert(fetched);
    }

    [Fact]
    public async Task Fetching_one_part_into_a_named_file_writes_that_file_and_prints_nothing_raw()
    {
        string documentId = await SendHostileDocumentAsync();
        string target = _temp.File("a/b/chosen.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var fetched = await server.Dx(Identity.H41).RunAsync("fetch", documentId, "--part", "att-7", "--out", target);

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        AssertWrittenOnlyInside(Path.GetDirectoryName(target)!);
        Assert.Equal(["chosen.txt"], Directory.EnumerateFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
        AssertInert(fetched);
    }

    [Fact]
    public async Task The_client_librarys_fetch_into_a_folder_writes_only_inside_it_under_cleaned_names()
    {
        string documentId = await SendHostileDocumentAsync();
        string output = _temp.File("a/b/library");
        await using var h41 = server.Client(Identity.H41);

        var fetched = await h41.FetchAllAsync(documentId, output);

        AssertWrittenOnlyInside(output);
        var expected = Names.Select(n => n.Written).Append("congvan.pdf").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Directory.EnumerateFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Select(n => Path.Combine(Path.GetFullPath(output), n)), fetched.Files.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_inbox_and_the_list_of_received_documents_show_a_hostile_subject_inert()
    {
        string documentId = await SendHostileDocumentAsync();
        var h41 = server.Dx(Identity.H41);

        var inbox = await h41.RunAsync("inbox");
        var inboxJson = await h41.RunAsync("inbox", "--json");
        var received = await h41.RunAsync("list", "received");

        Assert.True(inbox.ExitCode == 0, inbox.ToString());
        Assert.True(received.ExitCode == 0, received.ToString());
        Assert.Contains(documentId, inbox.Stdout, StringComparison.Ordinal);
        AssertInert(inbox);
        AssertInert(inboxJson);
        AssertInert(received);
        // JSON keeps the subject as sent, its controls escaped by the encoder.
        var delivery = inboxJson.Json().GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("documentId").GetString() == documentId);
        Assert.Equal(HostileSubject, delivery.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_recipients_hostile_status_description_reaches_the_senders_terminal_inert()
    {
        string documentId = await SendHostileDocumentAsync();
        await using var h41 = server.Client(Identity.H41);
        await h41.AcknowledgeAsync(documentId);
        await h41.PostStatusAsync(documentId, DocExchange.Protocol.V1.ProcessingStatusCode.Accepted, "Đã nhận\u001b[8m\u2067hidden\r\nFAKE ✓ line");

        var history = await server.Dx(Identity.G22).RunAsync("status", "history", documentId);

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("Đã nhận", history.Stdout, StringComparison.Ordinal);
        AssertInert(history);
    }

    [Fact]
    public async Task A_name_longer_than_a_file_system_takes_is_fetched_under_a_shortened_name_keeping_its_extension()
    {
        // 253 bytes of UTF-8: accepted by this server (255), but a temporary name derived from it would not fit.
        string name = string.Concat(Enumerable.Repeat("Tờ trình ", 20)) + "về việc.pdf";
        while (Encoding.UTF8.GetByteCount(name) < 253)
        {
            name = "x" + name;
        }
        await using var g22 = server.Client(Identity.G22);
        var sent = await g22.SendAsync(new OutgoingDocumentBuilder()
            .Metadata(m => m.To(Agencies.H41).Code(server.NextNumber(), "VPCP-TTĐT").Subject("Tên tệp dài").Type(1, "Công văn"))
            .MainDocument(RepositoryPaths.Sample("cong-van-7816.pdf"), name));
        string output = _temp.File("long");

        var all = await server.Dx(Identity.H41).RunAsync("fetch", sent.DocumentId, "--out", output);
        var one = await server.Dx(Identity.H41).RunAsync("fetch", sent.DocumentId, "--part", "main", "--out", _temp.File("long-one") + "/");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(one.ExitCode == 0, one.ToString());
        foreach (var folder in new[] { output, _temp.File("long-one") })
        {
            string written = Path.GetFileName(Assert.Single(Directory.EnumerateFiles(folder)));
            Assert.InRange(Encoding.UTF8.GetByteCount(written), 200, 240);
            Assert.EndsWith(".pdf", written, StringComparison.Ordinal);
            Assert.StartsWith(written[..^".pdf".Length].TrimEnd(), name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_fetch_leaves_no_folder_behind(bool onePart)
    {
        string output = _temp.File("new/incoming");
        string[] args = onePart
            ? ["fetch", "000.00.00.G22,2026/01/02,1/KHONG-CO", "--part", "main", "--out", output + "/"]
            : ["fetch", "000.00.00.G22,2026/01/02,1/KHONG-CO", "--out", output];

        var fetched = await server.Dx(Identity.H41).RunAsync(args);

        Assert.True(fetched.ExitCode == 1, fetched.ToString());
        Assert.Contains("(NOT_FOUND)", fetched.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.File("new")), "dx left the folder it created behind");
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_is_one_clear_error_line_not_an_unexpected_exception()
    {
        string documentId = await SendHostileDocumentAsync();
        string target = _temp.File(new string('x', 300) + ".pdf");

        var fetched = await server.Dx(Identity.H41).RunAsync("fetch", documentId, "--part", "main", "--out", target);

        Assert.True(fetched.ExitCode == 1, fetched.ToString());
        Assert.StartsWith("dx: error: a file name or path is too long for this file system", fetched.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", fetched.Stderr, StringComparison.Ordinal);
        Assert.Single(fetched.Stderr.TrimEnd().Split('\n'));
    }

    private async Task<string> SendHostileDocumentAsync()
    {
        await using var g22 = server.Client(Identity.G22);
        var document = new OutgoingDocumentBuilder()
            .Metadata(m => m.To(Agencies.H41).Code(server.NextNumber(), "VPCP-TTĐT").Subject(HostileSubject).Type(1, "Công văn"))
            .MainDocument(RepositoryPaths.Sample("cong-van-7816.pdf"), "congvan.pdf");
        foreach (var (sent, _) in Names)
        {
            document.Attach(Encoding.UTF8.GetBytes($"content of {sent}"), sent, "text/plain");
        }
        return (await g22.SendAsync(document)).DocumentId;
    }

    /// <summary>Every file under the test's temporary folder is inside <paramref name="folder"/>: nothing climbed out.</summary>
    private void AssertWrittenOnlyInside(string folder)
    {
        string inside = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var outside = Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(inside, StringComparison.Ordinal))
            .ToList();
        Assert.True(outside.Count == 0, "written outside the folder: " + string.Join(", ", outside));
        Assert.DoesNotContain(Directory.EnumerateFiles(inside, "*", SearchOption.AllDirectories), f => Path.GetDirectoryName(f) + Path.DirectorySeparatorChar != inside);
    }

    private static void AssertInert(DxResult result)
    {
        foreach (var (stream, text) in new[] { ("stdout", result.Stdout), ("stderr", result.Stderr) })
        {
            Assert.False(text.Contains('\u001b') || text.Contains('\u009b') || text.Contains('\u0007'), $"{stream} carries a terminal control: {result}");
            Assert.False(text.Any(c => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')),
                $"{stream} carries a bidirectional control: {result}");
            Assert.False(text.Split('\n').Any(line => line.StartsWith("FAKE", StringComparison.Ordinal) || line.StartsWith("line2", StringComparison.Ordinal)),
                $"{stream} has a line forged by a sender's line break: {result}");
        }
    }
}
