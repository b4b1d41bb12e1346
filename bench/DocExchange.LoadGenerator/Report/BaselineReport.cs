using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>
/// This commit's load figures next to an earlier commit's server (<c>make bench BASELINE=commit</c>): the same load
/// generator on the same machine, in rounds whose order alternates (baseline, this, this, baseline…), so that a drift
/// of the machine during the runs weighs on both sides alike. Each figure is the mean over the rounds; the per-round
/// ratios show how much of a difference is noise.
/// </summary>
internal static class BaselineReport
{
    public static void Write(Action<string> line, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, string baselineCommit, string commit)
    {
        line($"## Against {baselineCommit}");
        line("");
        line($"The same load generator run against the server built from `{baselineCommit}` and against this commit's, on this machine, in {Rounds(current, baseline)}, the order alternating ({Order(current.Count, baseline.Count)}) so that a drift of the machine weighs on both alike. Each figure is the mean over the runs; *per round* gives this ÷ baseline for each pair, which shows how far the runs scatter. Load average at the start of the baseline runs: {string.Join("; ", baseline.Select(b => b.LoadAverageBefore + (b.BusyCoresBefore is { } busy ? $" ({F(busy, "0.00")} cores busy in the 5 s before)" : "")))}. *Server CPU* is the server process's CPU time (user + system, from /proc) per completed call or per delivered document; on a shared machine it moves much less than the rates do. A phase that had errors is left out of its round (–).");
        line("");
        line($"| figure | `{baselineCommit}` | `{commit}` | this ÷ baseline | per round |");
        line("|---|---|---|---|---|");
        if (current[0].Unary is { } unary)
        {
            UnaryRow(line, "empty unary RPC, one at a time (calls/s)", current, baseline, r => r.Unary, u => u.SequentialCallsPerSecond, "N0");
            UnaryRow(line, $"empty unary RPC, {unary.Concurrency} in flight (calls/s)", current, baseline, r => r.Unary, u => u.ConcurrentCallsPerSecond, "N0");
            UnaryRow(line, $"server CPU per empty call, {unary.Concurrency} in flight (ms)", current, baseline, r => r.Unary, u => u.ServerCpuMsPerCall ?? double.NaN, "0.000");
        }
        // The bare transport is the load generator's own, the same code in both runs: its figures show how far the machine drifted.
        if (current[0].BareUnary is { } bare)
        {
            UnaryRow(line, $"the same empty call to the bare transport, {bare.Concurrency} in flight (calls/s; not the server's code: the machine's drift)", current, baseline, r => r.BareUnary, u => u.ConcurrentCallsPerSecond, "N0");
        }

        foreach (var phase in current[0].Phases)
        {
            var currentPhases = current.Select(run => Match(run, phase)).ToList();
            var baselinePhases = baseline.Select(run => Match(run, phase)).ToList();
            if (baselinePhases.All(p => p is null))
            {
                continue;
            }

            var what = $"{phase.Engine}, {(phase.Instances == 1 ? "" : $"{phase.Instances} instances, ")}{(phase.IsNative ? "" : "edXML, ")}{Size(phase.DocumentBytes)}, {phase.Concurrency} senders";
            Row(line, $"{what}: documents/s", baselinePhases, currentPhases, p => p.DocumentsPerSecond, "0.0");
            Row(line, $"{what}: server CPU per document (ms)", baselinePhases, currentPhases, p => CpuMsPerDocument(p, c => c.ServerCores), "0.00");
            if (phase.Cpu is { DatabaseCores: > 0 })
            {
                Row(line, $"{what}: database CPU per document (ms)", baselinePhases, currentPhases, p => CpuMsPerDocument(p, c => c.DatabaseCores), "0.00");
            }
        }

        line("");
    }

    /// <summary>Milliseconds of a side's CPU per document delivered in the phase.</summary>
    public static double CpuMsPerDocument(PhaseResult phase, Func<CpuUse, double> cores) =>
        phase.Cpu is { } cpu && phase.Completed > 0 ? cores(cpu) * phase.Seconds * 1000 / phase.Completed : double.NaN;

    // The signed test PDFs differ by a few bytes from run to run.
    // A phase with errors is left out: its documents/s and CPU per document cover the wait for what never completed.
    internal static PhaseResult? Match(LoadResults run, PhaseResult phase) =>
        run.Phases.FirstOrDefault(p => p.Format == phase.Format && p.Engine == phase.Engine && p.Instances == phase.Instances
            && p.Concurrency == phase.Concurrency && Math.Abs(p.DocumentBytes - phase.DocumentBytes) < 0.1 * phase.DocumentBytes && p.Errors == 0);

    private static void UnaryRow(
        Action<string> line, string figure, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline,
        Func<LoadResults, UnaryCeiling?> ceiling, Func<UnaryCeiling, double> value, string format) =>
        Row(line, figure, baseline.Select(ceiling).ToList(), current.Select(ceiling).ToList(), value, format);

    private static void Row<T>(Action<string> line, string figure, IReadOnlyList<T?> baseline, IReadOnlyList<T?> current, Func<T, double> value, string format)
        where T : class
    {
        double ValueOf(T? run) => run is null ? double.NaN : value(run);
        var before = Mean(baseline.Select(ValueOf));
        var after = Mean(current.Select(ValueOf));
        var perRound = Enumerable.Range(0, Math.Min(baseline.Count, current.Count))
            .Select(i => F(ValueOf(current[i]) / ValueOf(baseline[i]), "0.00"));
        line($"| {figure} | {F(before, format)} | {F(after, format)} | {F(after / before, "0.00")}× | {string.Join(", ", perRound)} |");
    }

    internal static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }

    private static string Rounds(IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline) =>
        current.Count == 1 && baseline.Count == 1 ? "one run each, the baseline's just before this one" : $"{baseline.Count} runs of the baseline and {current.Count} of this commit";

    private static string Order(int current, int baseline) =>
        string.Join(", ", Enumerable.Range(0, Math.Max(current, baseline)).SelectMany(i => i % 2 == 0 ? new[] { "baseline", "this" } : ["this", "baseline"]));
}
