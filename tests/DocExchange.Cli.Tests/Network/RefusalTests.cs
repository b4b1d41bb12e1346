using DocExchange.Testing.Network;

namespace DocExchange.Cli.Tests.Network;

/// <summary>Exit codes and messages when something is wrong: the input (2), the server's answer (1), the server's absence (3).</summary>
[Collection(CliServerCollection.Name)]
public sealed class RefusalTests(CliServer server)
{
    private const string UnknownDocument = "000.00.00.G22,2026/01/02,1/KHONG-CO";

    [Fact]
    public async Task Unknown_document_exits_1_with_the_servers_not_found_message_on_one_line()
    {
        var fetched = await server.Dx(Identity.H41).RunAsync("fetch", UnknownDocument);
        var history = await server.Dx(Identity.G22).RunAsync("status", "history", UnknownDocument);

        Assert.True(fetched.ExitCode == 1, fetched.ToString());
        Assert.StartsWith("dx: error: Fetch refused (NOT_FOUND): document " + UnknownDocument, fetched.Stderr, StringComparison.Ordinal);
        Assert.Single(fetched.Stderr.TrimEnd().Split('\n'));
        Assert.Equal("", fetched.Stdout);
        Assert.True(history.ExitCode == 1, history.ToString());
        Assert.Contains("(NOT_FOUND)", history.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stall_timeout_that_is_not_a_number_of_seconds_is_a_usage_error_and_a_number_is_taken()
    {
        var dx = server.Dx(Identity.H41);
        dx.Environment["DX_STALL_TIMEOUT"] = "soon";
        var refused = await dx.RunAsync("inbox");
        dx.Environment["DX_STALL_TIMEOUT"] = "300";
        var listed = await dx.RunAsync("inbox");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("DX_STALL_TIMEOUT='soon' is not a number of seconds", refused.Stderr, StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.ToString());
    }

    [Fact]
    public async Task Send_to_an_unregistered_agency_is_refused_by_the_server_with_exit_1()
    {
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--to", "000.00.00.Z99",
            "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", "Không có người nhận");

        Assert.True(sent.ExitCode == 1, sent.ToString());
        Assert.Contains("dx: error: Send refused (NOT_FOUND): recipient agency 000.00.00.Z99 is not registered", sent.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_send_does_not_report_its_files_as_sent()
    {
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--attach", RepositoryPaths.Sample("danh-sach-don-vi.csv"),
            "--to", "000.00.00.Z98", "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", "Không có người nhận");

        Assert.True(sent.ExitCode == 1, sent.ToString());
        Assert.Contains("Send refused (NOT_FOUND)", sent.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sent ", sent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_main_document_that_is_not_a_pdf_is_refused_as_invalid_argument()
    {
        using var temp = new TempDirectory();
        string notPdf = temp.File("not-a-pdf.pdf");
        await File.WriteAllTextAsync(notPdf, "plain text, not a PDF");

        var sent = await server.Dx(Identity.G22).RunAsync("send", notPdf, "--to", Agencies.H41,
            "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", "Sai định dạng");

        Assert.True(sent.ExitCode == 1, sent.ToString());
        Assert.StartsWith("dx: error: Send refused (INVALID_ARGUMENT): ", sent.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_out_of_order_is_refused_with_the_state_machines_reason()
    {
        var sent = await server.Dx(Identity.G22).RunAsync("send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--to", Agencies.H41,
            "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", "Thứ tự", "--json");
        string documentId = sent.Json().GetProperty("documentId").GetString()!;

        var done = await server.Dx(Identity.H41).RunAsync("status", "post", documentId, "06");

        Assert.True(done.ExitCode == 1, done.ToString());
        Assert.Contains("dx: error: PostStatus refused (FAILED_PRECONDITION):", done.Stderr, StringComparison.Ordinal);
        Assert.Contains("acknowledged with 01", done.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_operators_may_register_agencies()
    {
        var added = await server.Dx(Identity.G22).RunAsync("agency", "add", "000.00.00.K77", "--name", "Không được phép");

        Assert.True(added.ExitCode == 1, added.ToString());
        Assert.StartsWith("dx: error: RegisterAgency refused (PERMISSION_DENIED):", added.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41,000.00.0.G22", "--number", "1", "--notation", "X", "--subject", "s")]
    [InlineData("agency", "show", "000.00.00.h41")]
    [InlineData("agency", "list", "H41")]
    [InlineData("fetch", "not-a-document-id")]
    [InlineData("ack", "000.00.00.G22;2026/01/02;1/X")]
    [InlineData("status", "post", "000.00.00.G22,2026/01/02,1/X", "07")]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41", "--number", "1", "--notation", "X", "--subject", "s", "--priority", "soon")]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41", "--number", "1", "--notation", "X", "--subject", "s", "--due", "30/11/2026")]
    [InlineData("send", "khong-co.pdf", "--to", "000.00.00.H41", "--number", "1", "--notation", "X", "--subject", "s")]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41", "--number", "1/2", "--notation", "X", "--subject", "s")]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41", "--subject", "s")]
    public async Task Malformed_input_is_a_usage_error_before_any_connection(params string[] args)
    {
        // Nothing listens at this address: a usage error must be found before dx tries to connect.
        using var closed = new ClosedLoopbackPort();
        var dx = server.DxFor(new Uri($"https://127.0.0.1:{closed.Port}"), Identity.G22);
        string[] resolved = args.Select(a => a.EndsWith(".pdf", StringComparison.Ordinal) ? RepositoryPaths.Sample(a) : a).ToArray();

        var result = await dx.RunAsync(resolved);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("dx: error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("07", "status code '07' is not an edXML status a recipient posts: use 01 (arrived), 02 (rejected), 03 (accepted)")]
    [InlineData("13", "status 13 (recall requested) is the sender's: ask for a recall with 'dx recall DOCID --reason …'.")]
    [InlineData("accepted", "status code 'accepted' is not an edXML status")]
    public async Task An_invalid_status_code_names_the_codes_to_use(string code, string message)
    {
        var result = await server.Dx(Identity.H41).RunAsync("status", "post", "000.00.00.G22,2026/01/02,1/X", code);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_a_usage_error()
    {
        var result = await server.Dx(Identity.H41).RunAsync("status", "post", "000.00.00.G22,2026/01/02,1/X", "02");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("status 02 (rejected) needs the reason: add --description", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("list", "sent")]
    [InlineData("agency", "show", "000.00.00.H41")]
    [InlineData("status", "history", "000.00.00.G22,2026/01/02,1/X")]
    [InlineData("send", "cong-van-7816.pdf", "--to", "000.00.00.H41", "--number", "1", "--notation", "X", "--subject", "s")]
    public async Task A_server_that_cannot_be_reached_exits_3(params string[] args)
    {
        using var closed = new ClosedLoopbackPort();
        var dx = server.DxFor(new Uri($"https://127.0.0.1:{closed.Port}"), Identity.G22);
        string[] resolved = args.Select(a => a.EndsWith(".pdf", StringComparison.Ordinal) ? RepositoryPaths.Sample(a) : a).ToArray();

        var result = await dx.RunAsync(resolved);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith("dx: error: cannot reach the server (", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("UNAVAILABLE", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_unusable_connection_settings_are_usage_errors_that_say_what_to_do()
    {
        var noServer = server.Dx(Identity.G22);
        noServer.Environment.Remove("DX_SERVER");
        var plaintext = server.DxFor(new Uri("http://127.0.0.1:5080"), Identity.G22);
        var wrongPassword = server.Dx(Identity.G22);
        wrongPassword.Environment["DX_CERT_PASSWORD"] = "not-the-password";

        var withoutServer = await noServer.RunAsync("inbox");
        var overPlaintext = await plaintext.RunAsync("inbox");
        var withWrongPassword = await wrongPassword.RunAsync("inbox");

        Assert.True(withoutServer.ExitCode == 2, withoutServer.ToString());
        Assert.Contains("no server address: pass --server URL", withoutServer.Stderr, StringComparison.Ordinal);
        Assert.True(overPlaintext.ExitCode == 2, overPlaintext.ToString());
        Assert.Contains("is not https", overPlaintext.Stderr, StringComparison.Ordinal);
        Assert.True(withWrongPassword.ExitCode == 2, withWrongPassword.ToString());
        Assert.Contains("Cannot read the client certificate", withWrongPassword.Stderr, StringComparison.Ordinal);
    }
}
