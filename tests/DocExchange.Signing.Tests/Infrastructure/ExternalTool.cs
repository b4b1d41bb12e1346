using System.Diagnostics;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>Runs an independent third-party checker (openssl, pdfsig, qpdf, certutil).</summary>
internal static class ExternalTool
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["openssl"] = "openssl",
        ["pdfsig"] = "poppler-utils",
        ["qpdf"] = "qpdf",
        ["pdffonts"] = "poppler-utils",
        ["pdftoppm"] = "poppler-utils",
        ["certutil"] = "libnss3-tools",
        ["crlutil"] = "libnss3-tools",
        ["pk12util"] = "libnss3-tools",
    };

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, byte[]? stdin = null)
    {
        var path = Locate(tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<Result> RunCheckedAsync(string tool, params string[] arguments)
    {
        var result = await RunAsync(tool, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed with exit code {result.ExitCode}:\n{result.All}");
        return result;
    }

    private static string Locate(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var package = Packages.GetValueOrDefault(tool, tool);
        Assert.Fail($"The independent checker '{tool}' is not installed. Install it with: apt-get install -y {package} (the Makefile does this).");
        throw new UnreachableException();
    }
}
