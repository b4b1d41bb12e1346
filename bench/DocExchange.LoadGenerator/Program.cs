using System.Text.Json;
using DocExchange.LoadGenerator;
using DocExchange.LoadGenerator.Report;

// Usage: Usage.cs (printed by --help).
// The exit code of a run that finished and wrote its results, some of whose phases had errors.
const int RunWithErrors = 3;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.Write(Usage.Text);
    return 0;
}
var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
try
{
    switch (verb)
    {
        case "run":
        {
            var options = BenchOptions.Parse(args);
            // A whole run is bounded: the full one takes about 8 minutes (the 500 MiB edXML package about 1.5 of them), the
            // quick one about 2 (nearly 4 on a machine loaded far beyond its cores).
            cancel.CancelAfter(TimeSpan.FromMinutes(options.Quick ? 6 : 15));
            var results = await new BenchRun(options, Console.Out).RunAsync(cancel.Token);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
            await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(results, DocExchange.LoadGenerator.Results.LoadResults.JsonOptions), cancel.Token);
            var errors = results.Phases.Sum(p => p.Errors) + (results.Memory?.Error is null ? 0 : 1) + (results.PackageMemory?.Error is null ? 0 : 1);
            Console.WriteLine($"load: {results.Phases.Count} phases, {results.Phases.Sum(p => p.Completed)} documents delivered, {errors} errors; results in {options.Output}");
            // 3, not 1: the run went to its end and its results are written, so make bench reports them before failing.
            return errors == 0 && results.Phases.All(p => p.Completed > 0) ? 0 : RunWithErrors;
        }
        case "report":
        {
            var output = BenchOptions.Option(args, "--out") ?? Path.Combine("docs", "BENCHMARKS.md");
            var markdown = await BenchmarkReport.WriteAsync(
                BenchOptions.Option(args, "--micro") ?? Path.Combine("bench", "results", "micro.json"),
                BenchOptions.Option(args, "--load") ?? Path.Combine("bench", "results", "load.json"),
                BenchOptions.Option(args, "--commit") ?? "unknown",
                BenchOptions.Option(args, "--history") ?? Path.Combine("bench", "OPTIMISATIONS.md"),
                Paths(BenchOptions.Option(args, "--profiles") ?? ""),
                BenchOptions.Option(args, "--baseline-load") is { } baselineLoads
                    ? (Paths(baselineLoads), Paths(BenchOptions.Option(args, "--rounds-load") ?? ""), BenchOptions.Option(args, "--baseline-commit") ?? "baseline",
                        BenchOptions.Option(args, "--baseline-append") is { } appendPaths && Paths(appendPaths) is [var baselineAppend, var currentAppend]
                            && File.Exists(baselineAppend) && File.Exists(currentAppend) ? (baselineAppend, currentAppend) : null)
                    : null,
                cancel.Token);
            await File.WriteAllTextAsync(output, markdown, cancel.Token);
            Console.WriteLine($"report: wrote {output}");
            return 0;
        }
        case "profile":
        {
            var profile = await DocExchange.LoadGenerator.Profiling.ProfileSummary.BuildAsync(
                BenchOptions.Option(args, "--perf-script") ?? throw new ArgumentException("profile needs --perf-script FILE (perf script -F comm,ip,sym,dso)"),
                BenchOptions.Option(args, "--load") ?? throw new ArgumentException("profile needs --load FILE (the load run that was profiled)"),
                cancel.Token);
            if (BenchOptions.Option(args, "--json") is { } json)
            {
                await profile.WriteAsync(json, cancel.Token);
            }
            Console.Write(DocExchange.LoadGenerator.Profiling.ProfileSummary.ToMarkdown(profile));
            return 0;
        }
        default:
            Console.Error.WriteLine($"unknown command '{verb}': use run, report or profile");
            return 2;
    }
}
catch (Exception e) when (e is NotSupportedException or ArgumentException or FileNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine($"loadgen: {e.Message}");
    return 1;
}

static string[] Paths(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
