using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DocExchange.Benchmarks;
using DocExchange.Benchmarks.Footprint;

// DocExchange micro-benchmarks. Usage:
//   DocExchange.Benchmarks [--quick] [--filter TEXT] [--out results.json] [--artifacts DIR]
// --quick runs every benchmark once (a smoke test: it proves they run and produce numbers, nothing about speed), with
// smaller inputs (no 10M-leaf proof trees). --filter keeps the benchmark classes whose name contains TEXT. After
// BenchmarkDotNet, the audit storage footprint (bytes per event on SQLite and PostgreSQL) is measured unless --filter
// excludes "AuditStorage".
var quick = args.Contains("--quick");
BenchSettings.Quick = quick;
var output = Option("--out") ?? Path.Combine("bench", "results", "micro.json");
var artifacts = Option("--artifacts") ?? Path.Combine(Path.GetTempPath(), "docexchange-bench-artifacts");
var filter = Option("--filter");

// In process: no project is generated and rebuilt per benchmark, which matters on a small shared machine.
var job = quick
    ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("quick")
    : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(400)).WithId("bench");
var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .WithArtifactsPath(artifacts)
    .WithOption(ConfigOptions.JoinSummary, true);

Type[] all = [typeof(CryptoCeilingBenchmarks), typeof(AgencyCodeBenchmarks), typeof(MerkleAppendBenchmarks), typeof(MerkleProofBenchmarks), typeof(PdfSignatureBenchmarks), typeof(SendMainPartBenchmarks)];
var selected = all.Where(t => filter is null || t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToArray();
var summaries = selected.Length == 0 ? [] : BenchmarkRunner.Run(selected, config);
MerkleProofBenchmarks.ReleaseTrees();

var results = new List<MicroResult>();
var failed = 0;
foreach (var report in summaries.SelectMany(s => s.Reports))
{
    var benchmark = report.BenchmarkCase;
    var parameters = string.Join(",", benchmark.Parameters.Items.Select(p => $"{p.Name}={p.Value}"));
    var stats = report.ResultStatistics;
    if (!report.Success || stats is null)
    {
        failed++;
        Console.Error.WriteLine($"benchmark failed: {benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name} {parameters}");
        continue;
    }
    results.Add(new MicroResult(
        benchmark.Descriptor.Type.Name,
        benchmark.Descriptor.WorkloadMethod.Name,
        parameters,
        stats.Mean,
        stats.Median,
        stats.StandardDeviation,
        stats.N,
        report.GcStats.GetBytesAllocatedPerOperation(benchmark)));
}

IReadOnlyList<AuditStorageResult> footprint = filter is null || "AuditStorage".Contains(filter, StringComparison.OrdinalIgnoreCase)
    ? await AuditStorageFootprint.MeasureAllAsync(quick ? 1_000 : 20_000, Console.Out, CancellationToken.None)
    : [];

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new MicroResults(quick, DateTimeOffset.UtcNow, results, footprint), MicroResults.JsonOptions));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"micro-benchmarks: {results.Count} measured, {failed} failed; audit storage measured on {footprint.Count(f => f.Error is null)} of {footprint.Count} engines; results in {output}"));
return failed == 0 && (results.Count > 0 || footprint.Count > 0) ? 0 : 1;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
