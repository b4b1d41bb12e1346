using DocExchange.LoadGenerator.Report;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>
/// The report says the machine was busy before a load run from the cores it kept busy just before, when measured: the
/// load average lags by minutes, and right after the runs before it is high on a machine that is already idle.
/// </summary>
public sealed class SharedMachineNoteTests
{
    [Fact]
    public void A_high_load_average_on_an_idle_machine_is_reported_as_idle()
    {
        var note = BenchmarkReport.SharedMachineNote(busyCoresBefore: 0.05, loadAverageBefore: "22.38 14.28 8.68", cores: 2);

        Assert.Contains("the machine was idle (0.05 of 2 cores busy", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Cores_kept_busy_by_other_work_are_reported_whatever_the_load_average()
    {
        var note = BenchmarkReport.SharedMachineNote(busyCoresBefore: 1.20, loadAverageBefore: "0.10 0.10 0.10", cores: 2);

        Assert.Contains("other work kept 1.20 of the 2 cores busy", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_measurement_the_load_average_decides_as_before()
    {
        Assert.Contains("was busy when the load run started", BenchmarkReport.SharedMachineNote(null, "3.00 2.00 1.00", 2), StringComparison.Ordinal);
        Assert.Equal("The machine was otherwise quiet.", BenchmarkReport.SharedMachineNote(null, "0.20 0.10 0.10", 2));
    }
}
