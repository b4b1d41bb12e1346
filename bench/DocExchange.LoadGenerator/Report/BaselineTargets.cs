using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>
/// The targets that compare this commit with an earlier one (<c>make bench BASELINE=commit</c>): the server's CPU per
/// small document against a fraction of the baseline's, and no regression on large documents. Both are judged on the
/// means of the alternating rounds, with each round's ratio shown, so that one noisy round decides nothing alone.
/// </summary>
internal static class BaselineTargets
{
    /// <summary>The CPU per 100 KB document the target allows, as a fraction of the baseline's.</summary>
    private const double CpuTarget = 0.3;

    public static void Write(Action<string> line, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, string baselineCommit, CpuProfiles profiles)
    {
        foreach (var phase in current[0].Phases.Where(p => p.IsNative && p.Instances == 1 && p.Concurrency == 16 && p.DocumentBytes <= 200 * 1024))
        {
            WriteCpuRow(line, phase, current, baseline, baselineCommit, profiles);
        }
        foreach (var engine in current[0].Phases.Select(p => p.Engine).Distinct())
        {
            WriteLargeDocumentRow(line, engine, current, baseline, baselineCommit);
        }
    }

    /// <summary>
    /// The SQLite Merkle log's appends against the baseline's, both micro-benchmarks run one after the other: the
    /// target is "at or above", and a shortfall within the two runs' combined standard deviation is noise, said so.
    /// </summary>
    public static void WriteAuditAppendRow(Action<string> line, MicroResults current, MicroResults baseline, string baselineCommit)
    {
        if (current.Find("MerkleAppendBenchmarks", "AppendBatchOf1000", "Store=sqlite") is not { } after
            || baseline.Find("MerkleAppendBenchmarks", "AppendBatchOf1000", "Store=sqlite") is not { } before)
        {
            return;
        }

        // The benchmark reports its time per leaf (OperationsPerInvoke = 1,000).
        static double Rate(MicroResult r) => 1e9 / r.MeanNs;
        var noiseNs = Math.Sqrt(after.StdDevNs * after.StdDevNs + before.StdDevNs * before.StdDevNs);
        var why = after.MeanNs <= before.MeanNs ? "met"
            : after.MeanNs - before.MeanNs <= noiseNs ? "met: below the baseline by less than the two runs' combined standard deviation"
            : "not met: the SQLite Merkle log appends more slowly than the baseline's";
        line($"| audit appends at or above the baseline's rate (SQLite Merkle log, batches of 1,000) | {F(Rate(after), "N0")} appends/s | {F(Rate(before), "N0")} appends/s (`{baselineCommit}`, run just before) | {F(Rate(after) / Rate(before), "0.00")}× | {why} |");
    }

    private static void WriteCpuRow(Action<string> line, PhaseResult phase, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, string baselineCommit, CpuProfiles profiles)
    {
        // PostgreSQL's own processes do part of each document's work, so its CPU counts with the server's.
        static double Cpu(PhaseResult p) => BaselineReport.CpuMsPerDocument(p, c => c.ServerCores + c.DatabaseCores);
        var (before, after, perRound) = Compare(phase, current, baseline, Cpu);
        if (!double.IsFinite(before))
        {
            return;
        }

        var withDatabase = phase.Cpu is { DatabaseCores: > 0 } ? " + database" : "";
        var ratio = after / before;
        var met = ratio <= CpuTarget;
        var why = met ? "met" : $"not met: {F(ratio, "0.00")}× of the baseline's (rounds {perRound}); {profiles.WhereItGoes(phase)}";
        line($"| server{withDatabase} CPU per delivered 100 KB document ≤ {F(CpuTarget, "0.0")}× the baseline's ({phase.Engine}, {phase.Concurrency} senders) | {F(after, "0.00")} ms ({(Usable(current, phase) == 1 ? "one run" : $"mean of {Usable(current, phase)} runs")}) | {F(CpuTarget * before, "0.00")} ms ({F(CpuTarget, "0.0")} × `{baselineCommit}`'s {F(before, "0.00")} ms, same machine, same run) | {F(ratio, "0.00")}× the baseline | {why} |");
    }

    /// <summary>
    /// Documents of 1 MB and more, every concurrency: a regression is a phase whose every round is below the baseline's
    /// rate and whose mean falls short by more than the same build's runs differ from each other (the larger of the two
    /// builds' spreads), so that neither one noisy round nor the noise of a phase with a single sender is called one.
    /// </summary>
    private static void WriteLargeDocumentRow(Action<string> line, string engine, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, string baselineCommit)
    {
        var compared = current[0].Phases
            .Where(p => p.IsNative && p.Instances == 1 && p.Engine == engine && p.DocumentBytes >= OneMiB)
            .Select(p => (Phase: p, Ratios: RoundRatios(p, current, baseline, q => q.DocumentsPerSecond), Means: Compare(p, current, baseline, q => q.DocumentsPerSecond),
                Spread: Math.Max(Spread(p, current), Spread(p, baseline))))
            .Where(c => double.IsFinite(c.Means.Before))
            .ToList();
        if (compared.Count == 0)
        {
            return;
        }

        var worst = compared.MinBy(c => c.Means.After / c.Means.Before);
        var below = compared.Where(c => c.Means.After < c.Means.Before && c.Ratios.All(r => r < 1)).ToList();
        var regressions = below.Where(c => 1 - c.Means.After / c.Means.Before > c.Spread).ToList();
        static string Phase(PhaseResult p) => $"{Size(p.DocumentBytes)}, {p.Concurrency} senders";
        var why = regressions.Count > 0
            ? $"not met: below the baseline in every round, by more than the same build's runs differ, at {string.Join("; ", regressions.Select(r => $"{Phase(r.Phase)} ({r.Means.PerRound}; runs of one build {P(r.Spread)} apart)"))}"
            : below.Count > 0
                ? $"met: {string.Join("; ", below.Select(b => $"{Phase(b.Phase)} is below the baseline in every round ({b.Means.PerRound}) by {P(1 - b.Means.After / b.Means.Before)}, less than the same build's runs differ from each other ({P(b.Spread)})"))}"
                : "met";
        line($"| no regression on 1 MB and 20 MB documents ({engine}, documents/s against `{baselineCommit}`) | lowest: {F(worst.Means.After / worst.Means.Before, "0.00")}× at {Phase(worst.Phase)} (rounds {worst.Means.PerRound}); {compared.Count} phases compared | the baseline's rate in the same run | {string.Join(", ", compared.Select(c => F(c.Means.After / c.Means.Before, "0.00")))}× | {why} |");
    }

    /// <summary>How far one build's runs of a phase are apart: (highest − lowest) ÷ their mean; 0 with fewer than two runs.</summary>
    private static double Spread(PhaseResult phase, IReadOnlyList<LoadResults> runs)
    {
        var rates = runs.Select(run => BaselineReport.Match(run, phase)).OfType<PhaseResult>().Select(p => p.DocumentsPerSecond).Where(double.IsFinite).ToList();
        return rates.Count < 2 ? 0 : (rates.Max() - rates.Min()) / rates.Average();
    }

    /// <summary>The runs whose phase can be compared (one that had errors cannot).</summary>
    private static int Usable(IReadOnlyList<LoadResults> runs, PhaseResult phase) => runs.Count(run => BaselineReport.Match(run, phase) is not null);

    private static (double Before, double After, string PerRound) Compare(PhaseResult phase, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, Func<PhaseResult, double> value)
    {
        var before = BaselineReport.Mean(baseline.Select(run => BaselineReport.Match(run, phase)).Select(p => p is null ? double.NaN : value(p)));
        var after = BaselineReport.Mean(current.Select(run => BaselineReport.Match(run, phase)).Select(p => p is null ? double.NaN : value(p)));
        return (before, after, string.Join(", ", RoundRatios(phase, current, baseline, value).Select(r => F(r, "0.00"))));
    }

    private static IReadOnlyList<double> RoundRatios(PhaseResult phase, IReadOnlyList<LoadResults> current, IReadOnlyList<LoadResults> baseline, Func<PhaseResult, double> value) =>
        Enumerable.Range(0, Math.Min(current.Count, baseline.Count))
            .Select(i => (Current: BaselineReport.Match(current[i], phase), Baseline: BaselineReport.Match(baseline[i], phase)))
            .Where(pair => pair.Current is not null && pair.Baseline is not null)
            .Select(pair => value(pair.Current!) / value(pair.Baseline!))
            .Where(double.IsFinite)
            .ToList();
}
