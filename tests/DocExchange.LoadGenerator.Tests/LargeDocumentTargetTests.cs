using DocExchange.LoadGenerator.Report;
using static DocExchange.LoadGenerator.Tests.ReportPhases;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>
/// "No regression on 1 MB and 20 MB documents" against the baseline's runs: a phase below the baseline in every round
/// is a regression only when it falls short by more than the runs of one build differ from each other.
/// </summary>
public sealed class LargeDocumentTargetTests
{
    [Fact]
    public void A_shortfall_in_every_round_larger_than_the_runs_spread_is_a_regression()
    {
        // This build 45 and 46 documents/s, the baseline 50 and 51: 9% short, each build's runs about 2% apart.
        var row = LargeDocumentRow(current: [45, 46], baseline: [50, 51]);

        Assert.Contains("| not met: below the baseline in every round, by more than the same build's runs differ, at 1 MB, 1 senders (0.90, 0.90; runs of one build 2% apart) |", row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortfall_in_every_round_within_the_runs_spread_is_noise_and_said_so()
    {
        // 5% short on the means, but the same baseline build ran at 48 and 53 (10% apart).
        var row = LargeDocumentRow(current: [47.5, 48.0], baseline: [48, 53]);

        Assert.Contains("| met: 1 MB, 1 senders is below the baseline in every round (0.99, 0.91)", row, StringComparison.Ordinal);
        Assert.Contains("by 5%, less than the same build's runs differ from each other (10%) |", row, StringComparison.Ordinal);
        Assert.DoesNotContain("not met", row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_at_or_above_the_baseline_is_no_regression()
    {
        var row = LargeDocumentRow(current: [40, 52], baseline: [50, 50]);

        Assert.EndsWith("| met |", row, StringComparison.Ordinal);
    }

    /// <summary>The target's row for one 1 MB single-sender phase: this build's runs and the baseline's, in the rounds' order.</summary>
    private static string LargeDocumentRow(double[] current, double[] baseline)
    {
        var lines = new List<string>();
        BaselineTargets.Write(lines.Add,
            current.Select(rate => Run(Phase("sqlite", OneMb, 1, rate))).ToList(),
            baseline.Select(rate => Run(Phase("sqlite", OneMb, 1, rate))).ToList(),
            "d94278a", CpuProfiles.None);
        return Assert.Single(lines, l => l.StartsWith("| no regression on 1 MB and 20 MB documents (sqlite", StringComparison.Ordinal));
    }
}
