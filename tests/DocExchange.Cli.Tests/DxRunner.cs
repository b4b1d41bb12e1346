using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace DocExchange.Cli.Tests;

/// <summary>What one run of the real <c>dx</c> process produced.</summary>
internal sealed record DxResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built <c>dx.dll</c> with <c>dotnet</c>, in a clean environment whose configuration file is <see cref="ConfigPath"/>.</summary>
internal sealed class DxRunner
{
    private static readonly Lazy<string> DxDll = new(FindDx);

    public DxRunner(string configPath)
    {
        ConfigPath = configPath;
    }

    public string ConfigPath { get; }

    public static string DllPath => DxDll.Value;

    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>The current directory of dx; the test process's when null.</summary>
    public string? WorkingDirectory { get; set; }

    public async Task<DxResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = WorkingDirectory ?? "",
        };
        start.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("DX_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DX_CONFIG"] = ConfigPath;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dx {string.Join(' ', args)} did not finish.");
        }
        return new DxResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindDx()
    {
        string configuration = typeof(DxRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DocExchange.sln")))
            {
                string dll = Path.Combine(directory.FullName, "src", "DocExchange.Cli", "bin", configuration, "net10.0", "dx.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"dx.dll was not built at {dll}; build tests/DocExchange.Cli.Tests first.", dll);
            }
        }
        throw new DirectoryNotFoundException($"No DocExchange.sln above {AppContext.BaseDirectory}.");
    }
}
