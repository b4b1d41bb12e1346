using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>
/// This run's load figures next to a run of an earlier commit's server (<c>make bench BASELINE=commit</c>): the same
/// load generator, on the same machine, one run right after the other.
/// </summary>
internal static class BaselineReport
{
    public static void Write(Action<string> line, LoadResults current, LoadResults baseline, string baselineCommit, string commit)
    {
        line($"## Against {baselineCommit}");
        line("");
        line($"The same load generator run against the server built from `{baselineCommit}`, on this machine, just before this run (its load average then: {baseline.LoadAverageBefore}). *Server CPU* is the server process's CPU time (user + system, from /proc) per completed call or per delivered document; on a shared machine it moves much less than the rates do.");
        line("");
        line($"| figure | `{baselineCommit}` | `{commit}` | this ÷ baseline |");
        line("|---|---|---|---|");
        if (current.Unary is { } unary && baseline.Unary is { } before)
        {
            Row(line, "empty unary RPC, one at a time (calls/s)", before.SequentialCallsPerSecond, unary.SequentialCallsPerSecond, "N0");
            Row(line, $"empty unary RPC, {unary.Concurrency} in flight (calls/s)", before.ConcurrentCallsPerSecond, unary.ConcurrentCallsPerSecond, "N0");
            Row(line, $"server CPU per empty call, {unary.Concurrency} in flight (ms)", before.ServerCpuMsPerCall ?? double.NaN, unary.ServerCpuMsPerCall ?? double.NaN, "0.000");
        }

        // The signed test PDFs differ by a few bytes from run to run.
        foreach (var phase in current.Phases)
        {
            var match = baseline.Phases.FirstOrDefault(p => p.Format == phase.Format && p.Engine == phase.Engine && p.Instances == phase.Instances
                && p.Concurrency == phase.Concurrency && Math.Abs(p.DocumentBytes - phase.DocumentBytes) < 0.1 * phase.DocumentBytes);
            if (match is null)
            {
                continue;
            }

            var what = $"{phase.Engine}, {(phase.Instances == 1 ? "" : $"{phase.Instances} instances, ")}{(phase.IsNative ? "" : "edXML, ")}{Size(phase.DocumentBytes)}, {phase.Concurrency} senders";
            Row(line, $"{what}: documents/s", match.DocumentsPerSecond, phase.DocumentsPerSecond, "0.0");
            Row(line, $"{what}: server CPU per document (ms)", CpuMsPerDocument(match, c => c.ServerCores), CpuMsPerDocument(phase, c => c.ServerCores), "0.00");
            if (phase.Cpu is { DatabaseCores: > 0 })
            {
                Row(line, $"{what}: database CPU per document (ms)", CpuMsPerDocument(match, c => c.DatabaseCores), CpuMsPerDocument(phase, c => c.DatabaseCores), "0.00");
            }
        }

        line("");
    }

    /// <summary>Milliseconds of a side's CPU per document delivered in the phase.</summary>
    public static double CpuMsPerDocument(PhaseResult phase, Func<CpuUse, double> cores) =>
        phase.Cpu is { } cpu && phase.Completed > 0 ? cores(cpu) * phase.Seconds * 1000 / phase.Completed : double.NaN;

    private static void Row(Action<string> line, string figure, double baseline, double current, string format) =>
        line($"| {figure} | {F(baseline, format)} | {F(current, format)} | {F(current / baseline, "0.00")}× |");
}
