using DocExchange.LoadGenerator.Profiling;
using DocExchange.LoadGenerator.Report;
using static DocExchange.LoadGenerator.Tests.ReportPhases;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>
/// A target not met because the CPU ran out says where the CPU went: from the profile taken in the same run when it
/// profiled that kind of phase, else from the profile kept by hand in bench/OPTIMISATIONS.md.
/// </summary>
public sealed class CpuProfilesTests
{
    private static readonly CpuProfile Sqlite = new("sqlite", HundredKb, 16, 250, 1.1, 4.4, 0, 9_000,
    [
        new("kernel: file I/O (blob files, SQLite WAL and database, logs)", 0.20, 0.88),
        new("SQLite engine", 0.12, 0.54),
        new("OpenSSL: TLS records and SHA-256", 0.11, 0.47),
        new("managed: logging", 0.01, 0.04),
    ]);

    private static readonly CpuProfile PostgreSql = new("postgresql", HundredKb + 2, 16, 100, 1.0, 10.0, 5.0, 5_000,
    [
        new("OpenSSL: TLS records and SHA-256", 0.15, 1.5),
        new("managed: storage (our store and its driver)", 0.12, 1.2),
        new("kernel: loopback TCP", 0.10, 1.0),
        new("managed: logging", 0.02, 0.2),
    ]);

    [Fact]
    public void A_profiled_kind_of_phase_names_the_three_largest_shares_and_what_would_move_each()
    {
        var profiles = new CpuProfiles([Sqlite, PostgreSql]);

        var why = profiles.WhereItGoes(Phase("sqlite", HundredKb + 3, 64, 260));

        Assert.Contains("16 senders, 4.40 ms per document) puts the largest shares in kernel: file I/O (blob files, SQLite WAL and database, logs) 0.88 ms, SQLite engine 0.54 ms, OpenSSL: TLS records and SHA-256 0.47 ms;", why, StringComparison.Ordinal);
        Assert.Contains("what would make them smaller: kernel: file I/O: fewer pages written per document", why, StringComparison.Ordinal);
        Assert.Contains("; SQLite engine: fewer statements and index entries per document", why, StringComparison.Ordinal);
        Assert.Contains("; OpenSSL: TLS records and SHA-256: fewer passes over each document's bytes", why, StringComparison.Ordinal);
        Assert.DoesNotContain("logging", why, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL's own processes", why, StringComparison.Ordinal);
    }

    [Fact]
    public void On_postgresql_the_databases_unsampled_cpu_is_named_with_its_own_lever()
    {
        var why = new CpuProfiles([Sqlite, PostgreSql]).WhereItGoes(Phase("postgresql", HundredKb, 16, 100));

        Assert.Contains("OpenSSL: TLS records and SHA-256 1.50 ms, managed: storage (our store and its driver) 1.20 ms, kernel: loopback TCP 1.00 ms; PostgreSQL's own processes, not sampled, 5.00 ms more: fewer b-tree entries per document", why, StringComparison.Ordinal);
        Assert.Contains("managed: storage: fewer statements per document", why, StringComparison.Ordinal);
        Assert.Contains("kernel: loopback TCP: fewer calls and messages per document", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", OneMb, 1, "native", "Where a 100 KB document's CPU goes")]
    [InlineData("postgresql", HundredKb, 3, "native", "Where PostgreSQL's CPU per document goes")]
    [InlineData("sqlite", HundredKb, 1, "edxml", "Where a 100 KB document's CPU goes")]
    public void A_phase_unlike_the_profiled_one_points_to_the_hand_kept_profile(string engine, long bytes, int instances, string format, string section)
    {
        var why = new CpuProfiles([Sqlite, PostgreSql]).WhereItGoes(Phase(engine, bytes, 16, 50, instances, format));

        Assert.Equal($"where it goes, measured: bench/OPTIMISATIONS.md, \"{section}\"", why);
    }

    [Fact]
    public void The_section_shows_every_resource_of_every_engine_largest_first()
    {
        var lines = new List<string>();
        new CpuProfiles([Sqlite, PostgreSql]).WriteSection(lines.Add);

        Assert.Equal($"## {CpuProfiles.SectionTitle}", lines[0]);
        Assert.Contains("- sqlite: 111 KB, 16 senders, 250.0 doc/s, the server at 1.10 cores: **4.40 ms of server CPU per document** (9,000 samples)", lines);
        Assert.Contains("- postgresql: 111 KB, 16 senders, 100.0 doc/s, the server at 1.00 cores: **10.00 ms of server CPU per document** (5,000 samples); the database 5.00 ms", lines);
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Equal("| where | sqlite: ms per document (share) | postgresql: ms per document (share) |", rows[0]);
        Assert.Equal(
        [
            "| OpenSSL: TLS records and SHA-256 | 0.47 (11%) | 1.50 (15%) |",
            "| managed: storage (our store and its driver) | – | 1.20 (12%) |",
            "| kernel: loopback TCP | – | 1.00 (10%) |",
            "| kernel: file I/O (blob files, SQLite WAL and database, logs) | 0.88 (20%) | – |",
            "| SQLite engine | 0.54 (12%) | – |",
            "| managed: logging | 0.04 (1%) | 0.20 (2%) |",
        ], rows.Skip(1));
    }

    [Fact]
    public void Without_profiles_there_is_no_section()
    {
        var lines = new List<string>();
        CpuProfiles.None.WriteSection(lines.Add);

        Assert.Empty(lines);
    }
}
