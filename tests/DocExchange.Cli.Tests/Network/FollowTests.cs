using System.Text.Json;

namespace DocExchange.Cli.Tests.Network;

/// <summary>The commands that keep listening: new deliveries and statuses appear as they happen; Ctrl+C ends them with exit 0.</summary>
[Collection(CliServerCollection.Name)]
public sealed class FollowTests(CliServer server)
{
    [Fact]
    public async Task Inbox_follow_shows_a_document_sent_while_it_listens_and_ends_cleanly_on_ctrl_c()
    {
        await using var follow = DxProcess.Start(server.Dx(Identity.H41), "inbox", "--follow");
        await follow.WaitForLineAsync(line => line.StartsWith("Listening for new deliveries", StringComparison.Ordinal));

        string documentId = await SendAsync("Gửi khi đang nghe");
        string line = await follow.WaitForLineAsync(l => l.Contains(documentId, StringComparison.Ordinal));
        int exitCode = await follow.InterruptAsync();

        Assert.Contains($"document from {Agencies.G22}: Gửi khi đang nghe  (not acknowledged)", line, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.Equal("", follow.Stderr);
    }

    [Fact]
    public async Task Inbox_follow_in_json_writes_one_delivery_object_per_line()
    {
        string documentId = await SendAsync("Một dòng JSON");
        await using var follow = DxProcess.Start(server.Dx(Identity.H41), "inbox", "--follow", "--json");

        string line = await follow.WaitForLineAsync(l => l.Contains(documentId, StringComparison.Ordinal));
        int exitCode = await follow.InterruptAsync();

        using var delivery = JsonDocument.Parse(line);
        Assert.Equal(documentId, delivery.RootElement.GetProperty("documentId").GetString());
        Assert.Equal("document", delivery.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Status_watch_shows_past_statuses_then_new_ones_as_recipients_post_them()
    {
        string documentId = await SendAsync("Theo dõi trạng thái");
        var h41 = server.Dx(Identity.H41);
        var ack = await h41.RunAsync("ack", documentId);
        Assert.True(ack.ExitCode == 0, ack.ToString());
        await using var watch = DxProcess.Start(server.Dx(Identity.G22), "status", "watch", "--document", documentId, "--json");

        string arrived = await watch.WaitForLineAsync(_ => true);
        var accepted = await h41.RunAsync("status", "post", documentId, "03", "--description", "Đã vào sổ");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        string acceptedLine = await watch.WaitForLineAsync(_ => true);
        int exitCode = await watch.InterruptAsync();

        using var first = JsonDocument.Parse(arrived);
        using var second = JsonDocument.Parse(acceptedLine);
        Assert.Equal("01", first.RootElement.GetProperty("code").GetString());
        Assert.Equal("03", second.RootElement.GetProperty("code").GetString());
        Assert.Equal("Đã vào sổ", second.RootElement.GetProperty("description").GetString());
        Assert.Equal(documentId, second.RootElement.GetProperty("documentId").GetString());
        Assert.True(second.RootElement.GetProperty("sequence").GetInt64() > first.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(0, exitCode);
    }

    private async Task<string> SendAsync(string subject)
    {
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--to", Agencies.H41,
            "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", subject, "--json");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        return sent.Json().GetProperty("documentId").GetString()!;
    }
}
