using System.Diagnostics;
using DocExchange.LoadGenerator;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>run refuses what it does not know before starting minutes of load with defaults the caller did not mean.</summary>
public sealed class RunOptionsTests
{
    [Fact]
    public void An_unknown_option_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["run", "--engine", "sqlite", "--duration", "10"]));

        Assert.Equal("unknown option '--duration' for run (--help lists the options)", error.Message);
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["run", "--concurrency"]));

        Assert.Equal("--concurrency needs a value", error.Message);
    }

    [Fact]
    public void Known_options_are_taken()
    {
        var options = BenchOptions.Parse(["run", "--engine", "postgresql", "--concurrency", "1,16", "--sizes-kib", "100", "--seconds", "20", "--skip-memory"]);

        Assert.Equal(["postgresql"], options.Engines);
        Assert.Equal([1, 16], options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(20), Assert.Single(options.Sizes).Duration);
        Assert.True(options.SkipMemory);
    }

    [Fact]
    public void An_empty_scale_out_runs_no_scale_out_phase()
    {
        // bench/profile.sh profiles one instance: on PostgreSQL it passes --scale-out '' to skip the minutes of scale-out phases.
        var options = BenchOptions.Parse(["run", "--engine", "postgresql", "--scale-out", ""]);

        Assert.Empty(options.ScaleOut);
        Assert.Equal([2, 3], BenchOptions.Parse(["run"]).ScaleOut);
    }

    [Theory]
    [InlineData("--concurrency")]
    [InlineData("--sizes-kib")]
    public void An_empty_list_of_phases_is_refused(string option)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["run", option, ""]));

        Assert.Contains("need at least one value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scale-out", "''")]
    [InlineData("--concurrency", "1,x")]
    [InlineData("--seconds", "-5")]
    public void A_number_that_is_not_one_is_refused_naming_the_option(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["run", option, value]));

        Assert.StartsWith($"{option} takes whole numbers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_run_takes_is_in_the_usage()
    {
        Assert.All(BenchOptions.Flags.Concat(BenchOptions.Valued), option => Assert.Contains($"[{option}", Usage.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_prints_the_usage_and_starts_nothing()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DocExchange.LoadGenerator.dll"), "run", "--help"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Usage.Text, output);
    }
}
