using System.Diagnostics;
using System.Reflection;

namespace DocExchange.Cli.Tests;

/// <summary>
/// `make demo` (docs/demo.sh): the README quickstart against a fresh server of its own. Run here on what this
/// test project has already built, so that `make test` proves the quickstart still works.
/// </summary>
public sealed class DemoScriptTests
{
    [Fact]
    public async Task The_quickstart_demo_runs_every_step_against_a_fresh_server_and_exits_0()
    {
        string root = RepositoryPaths.Root;
        string configuration = typeof(DemoScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(Path.Combine(root, "docs", "demo.sh"));
        start.Environment["CONFIG"] = configuration;
        start.Environment["DEMO_SKIP_BUILD"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A bound for a hung demo, not a speed check: a 2-core machine busy with other test assemblies needs minutes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"the demo did not finish within 8 minutes\n{await stdout}\n--- stderr\n{await stderr}");
        }
        string output = await stdout;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n--- stderr\n{await stderr}");
        Assert.Contains("✓ two valid signatures: the signer's and 000.00.00.G22's seal", output, StringComparison.Ordinal);
        Assert.Contains("✓ the sender sees 01, 03, 05 and 06 from 000.00.00.H41", output, StringComparison.Ordinal);
        Assert.Contains("✓ the document's life is in the trail: sent, then 01, 03, 05, 06", output, StringComparison.Ordinal);
        Assert.Contains("✓ the quickstart works: every step above passed", output, StringComparison.Ordinal);
    }
}
