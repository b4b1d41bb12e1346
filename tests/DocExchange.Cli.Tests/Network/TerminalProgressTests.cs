using System.Diagnostics;
using System.Text;

namespace DocExchange.Cli.Tests.Network;

/// <summary>On a real terminal (a pseudo-terminal from util-linux's <c>script</c>), send and fetch draw a progress bar per part.</summary>
[Collection(CliServerCollection.Name)]
public sealed class TerminalProgressTests(CliServer server) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Send_and_fetch_on_a_terminal_show_a_progress_bar_that_reaches_100_percent_for_each_part()
    {
        string attachment = _temp.File("phu-luc.bin");
        await File.WriteAllBytesAsync(attachment, new byte[600_000]);

        string sent = await RunOnTerminalAsync(server.Dx(Identity.G22), "send", RepositoryPaths.Sample("cong-van-7816.pdf"), "--attach", attachment,
            "--to", Agencies.H41, "--number", server.NextNumber(), "--notation", "VPCP-TTĐT", "--subject", "Tiến độ");
        string documentId = sent.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith(Agencies.G22 + ",", StringComparison.Ordinal));
        string fetched = await RunOnTerminalAsync(server.Dx(Identity.H41), "fetch", documentId, "--out", _temp.File("received"));

        foreach (string output in new[] { sent, fetched })
        {
            Assert.Contains("100%", output, StringComparison.Ordinal);
            Assert.DoesNotContain("  sent ", output, StringComparison.Ordinal);
        }
        Assert.Contains("cong-van-7816.pdf", sent, StringComparison.Ordinal);
        Assert.Contains("phu-luc.bin", sent, StringComparison.Ordinal);
        Assert.Contains("att-1", fetched, StringComparison.Ordinal);
        Assert.Equal(600_000, new FileInfo(Path.Combine(_temp.File("received"), "phu-luc.bin")).Length);
    }

    private static async Task<string> RunOnTerminalAsync(DxRunner runner, params string[] args)
    {
        string command = string.Join(' ', new[] { "dotnet", DxRunner.DllPath }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("DX_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DX_CONFIG"] = runner.ConfigPath;
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in runner.Environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n--- stderr\n{await stderr}");
        return output;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
