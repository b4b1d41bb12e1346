using System.Security.Cryptography;
using System.Text.Json;

namespace DocExchange.Cli.Tests.Network;

/// <summary>The clerk's whole path through dx: send → inbox → fetch → ack (01) → 03 → 06, and the sender's view of it.</summary>
[Collection(CliServerCollection.Name)]
public sealed class ExchangeFlowTests(CliServer server) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_document_goes_from_send_to_inbox_fetch_and_statuses_that_the_sender_sees()
    {
        var g22 = server.Dx(Identity.G22);
        var h41 = server.Dx(Identity.H41);
        string number = server.NextNumber();
        string pdf = RepositoryPaths.Sample("cong-van-7816.pdf");
        string csv = RepositoryPaths.Sample("danh-sach-don-vi.csv");

        var sent = await g22.RunAsync("send", pdf, "--attach", csv, "--to", Agencies.H41, "--number", number, "--notation", "VPCP-TTĐT",
            "--subject", "Về việc triển khai", "--type", "Công văn", "--priority", "urgent", "--json");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        string documentId = sent.Json().GetProperty("documentId").GetString()!;
        Assert.StartsWith($"{Agencies.G22},", documentId, StringComparison.Ordinal);
        Assert.EndsWith($",{number}/VPCP-TTĐT", documentId, StringComparison.Ordinal);

        var inbox = await h41.RunAsync("inbox", "--json");
        Assert.True(inbox.ExitCode == 0, inbox.ToString());
        var delivery = inbox.Json().GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("documentId").GetString() == documentId);
        Assert.True(delivery.GetProperty("pending").GetBoolean());
        Assert.Equal(Agencies.G22, delivery.GetProperty("sender").GetString());
        Assert.Equal("urgent", delivery.GetProperty("priority").GetString());
        var parts = delivery.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(["cong-van-7816.pdf", "danh-sach-don-vi.csv"], parts.Select(p => p.GetProperty("fileName").GetString()));
        Assert.Equal(Sha256(pdf), parts[0].GetProperty("sha256").GetString());

        string folder = _temp.File("received");
        var fetched = await h41.RunAsync("fetch", documentId, "--out", folder, "--json");
        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.All(fetched.Json().GetProperty("files").EnumerateArray(), f => Assert.True(f.GetProperty("verified").GetBoolean()));
        Assert.Equal(await File.ReadAllBytesAsync(pdf), await File.ReadAllBytesAsync(Path.Combine(folder, "cong-van-7816.pdf")));
        Assert.Equal(await File.ReadAllBytesAsync(csv), await File.ReadAllBytesAsync(Path.Combine(folder, "danh-sach-don-vi.csv")));

        var ack = await h41.RunAsync("ack", documentId, "--json");
        var accepted = await h41.RunAsync("status", "post", documentId, "03", "--json");
        var done = await h41.RunAsync("status", "post", documentId, "06", "--description", "Đã triển khai", "--json");
        Assert.True(ack.ExitCode == 0, ack.ToString());
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Equal("01", ack.Json().GetProperty("code").GetString());
        Assert.Equal("arrived", ack.Json().GetProperty("status").GetString());

        var history = await g22.RunAsync("status", "history", documentId, "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        var statuses = history.Json().EnumerateArray().ToList();
        Assert.Equal(["01", "03", "06"], statuses.Select(s => s.GetProperty("code").GetString()));
        Assert.All(statuses, s => Assert.Equal(Agencies.H41, s.GetProperty("recipient").GetString()));
        Assert.Equal("Đã triển khai", statuses[2].GetProperty("description").GetString());

        var inboxAfter = await h41.RunAsync("inbox", "--json");
        Assert.DoesNotContain(inboxAfter.Json().GetProperty("deliveries").EnumerateArray(),
            d => d.GetProperty("documentId").GetString() == documentId && d.GetProperty("pending").GetBoolean());

        var received = await h41.RunAsync("list", "received", "--json");
        var summary = received.Json().EnumerateArray().Single(d => d.GetProperty("documentId").GetString() == documentId);
        Assert.Equal("06", summary.GetProperty("latestStatus").GetString());
        var listed = await g22.RunAsync("list", "sent", "--json");
        var sentSummary = listed.Json().EnumerateArray().Single(d => d.GetProperty("documentId").GetString() == documentId);
        Assert.Equal([Agencies.H41], sentSummary.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Send_for_people_shows_each_part_sent_and_ends_with_the_document_id_alone()
    {
        string number = server.NextNumber();
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--to", Agencies.H41,
            "--number", number, "--notation", "VPCP-TTĐT", "--subject", "Thử nghiệm");

        Assert.True(sent.ExitCode == 0, sent.ToString());
        var lines = sent.Stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("  sent cong-van-7816.pdf (1.5 KB)", lines);
        Assert.Contains($"✓ Sent to {Agencies.H41}.", lines);
        Assert.Matches($@"^{Agencies.G22.Replace(".", @"\.", StringComparison.Ordinal)},\d{{4}}/\d{{2}}/\d{{2}},{number}/VPCP-TTĐT$", lines[^1]);
        Assert.Equal("", sent.Stderr);
    }

    [Fact]
    public async Task Sending_again_with_the_same_message_id_returns_the_first_document_as_a_duplicate()
    {
        var g22 = server.Dx(Identity.G22);
        string[] args = ["send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--to", Agencies.H41, "--number", server.NextNumber(),
            "--notation", "VPCP-TTĐT", "--subject", "Gửi lại", "--message-id", $"dx-test-{Guid.NewGuid():N}", "--json"];

        var first = await g22.RunAsync(args);
        var second = await g22.RunAsync(args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(first.Json().GetProperty("duplicate").GetBoolean());
        Assert.True(second.Json().GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Json().GetProperty("documentId").GetString(), second.Json().GetProperty("documentId").GetString());
    }

    [Fact]
    public async Task Fetch_of_one_part_writes_it_to_the_file_named_or_under_its_own_name_in_a_folder()
    {
        string documentId = await SendAsync();
        var h41 = server.Dx(Identity.H41);
        string file = _temp.File("chosen-name.pdf");
        string folder = _temp.File("attachments") + Path.DirectorySeparatorChar;

        var main = await h41.RunAsync("fetch", documentId, "--part", "main", "--out", file, "--json");
        var attachment = await h41.RunAsync("fetch", documentId, "--part", "att-1", "--out", folder);

        Assert.True(main.ExitCode == 0, main.ToString());
        Assert.True(attachment.ExitCode == 0, attachment.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.Sample("cong-van-7816.pdf")), await File.ReadAllBytesAsync(file));
        Assert.Equal(Sha256(file), main.Json().GetProperty("files")[0].GetProperty("sha256").GetString());
        string attached = Path.Combine(folder, "danh-sach-don-vi.csv");
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.Sample("danh-sach-don-vi.csv")), await File.ReadAllBytesAsync(attached));
        Assert.Contains($"✓ {attached} (80 B): SHA-256 {Sha256(attached)} matches the sender's.", attachment.Stdout, StringComparison.Ordinal);
        Assert.Equal(["danh-sach-don-vi.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Recall_asks_each_recipient_with_13_and_the_request_reaches_their_inbox()
    {
        string documentId = await SendAsync();

        var recall = await server.Dx(Identity.G22).RunAsync("recall", documentId, "--reason", "Gửi nhầm", "--json");
        var inbox = await server.Dx(Identity.H41).RunAsync("inbox", "--json");

        Assert.True(recall.ExitCode == 0, recall.ToString());
        var request = Assert.Single(recall.Json().EnumerateArray());
        Assert.Equal("13", request.GetProperty("code").GetString());
        Assert.Equal(Agencies.H41, request.GetProperty("recipient").GetString());
        Assert.Contains(inbox.Json().GetProperty("deliveries").EnumerateArray(), d =>
            d.GetProperty("documentId").GetString() == documentId && d.GetProperty("kind").GetString() == "recallRequest"
            && d.GetProperty("reason").GetString() == "Gửi nhầm");
    }

    private async Task<string> SendAsync()
    {
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"),
            "--attach", RepositoryPaths.Sample("danh-sach-don-vi.csv"), "--to", Agencies.H41, "--number", server.NextNumber(),
            "--notation", "VPCP-TTĐT", "--subject", "Thử nghiệm", "--json");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        return sent.Json().GetProperty("documentId").GetString()!;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
