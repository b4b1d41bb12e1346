using DocExchange.LoadGenerator.Profiling;
using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>
/// The profiles of this commit's server taken in the same <c>make bench</c> run (bench/profile.sh, one per engine): the
/// report shows them in a section of their own, and a target not met because the CPU ran out names the largest shares
/// from them and what would make each smaller. Without a profile of an engine, the reason points to the last one kept
/// by hand in bench/OPTIMISATIONS.md.
/// </summary>
internal sealed class CpuProfiles(IReadOnlyList<CpuProfile> profiles)
{
    public const string SectionTitle = "Where the server's CPU goes (profiled in this run)";

    public static CpuProfiles None { get; } = new([]);

    public static async Task<CpuProfiles> ReadAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var read = new List<CpuProfile>();
        foreach (var path in paths)
        {
            read.Add(await CpuProfile.ReadAsync(path, ct));
        }
        return new CpuProfiles(read);
    }

    /// <summary>
    /// Where a CPU-bound phase's CPU went, and what would move the largest shares: from this run's profile when it
    /// profiled the same kind of phase (engine, one instance, native documents of the same size).
    /// </summary>
    public string WhereItGoes(PhaseResult phase)
    {
        var engine = phase.Engine;
        // The signed test PDFs differ by a few bytes from run to run.
        if (profiles.FirstOrDefault(p => p.Engine == engine && phase.IsNative && phase.Instances == 1
                && Math.Abs(p.DocumentBytes - phase.DocumentBytes) <= phase.DocumentBytes / 100) is not { } profile)
        {
            return $"where it goes, measured: bench/OPTIMISATIONS.md, \"{HandKeptSection(engine)}\"";
        }
        var largest = profile.Shares.Take(3).ToList();
        var database = double.IsFinite(profile.DatabaseMsPerDocument) && profile.DatabaseMsPerDocument > 0
            ? $"; PostgreSQL's own processes, not sampled, {F(profile.DatabaseMsPerDocument, "0.00")} ms more: {DatabaseLever}"
            : "";
        return $"this run's profile of the server (\"{SectionTitle}\": {profile.Concurrency} senders, {F(profile.ServerMsPerDocument, "0.00")} ms per document) puts the largest shares in "
            + string.Join(", ", largest.Select(s => $"{s.Where} {F(s.MsPerDocument, "0.00")} ms"))
            + $"{database}; what would make them smaller: "
            + string.Join("; ", largest.Select(s => $"{ShortName(s.Where)}: {Lever(s.Where, engine)}"));
    }

    public void WriteSection(Action<string> line)
    {
        if (profiles.Count == 0)
        {
            return;
        }
        line($"## {SectionTitle}");
        line("");
        line("`bench/profile.sh` after the load runs, once per engine: the load generator against this commit's server, signed PDFs each a document of its own, after a 60 s warm-up (tiered compilation settled); `perf record -g -F 499` samples the server process for 30 s of the measured phase, and each sample is charged by its leaf frame's library and, for kernel and managed frames, by what the stack above it is doing; each share times the phase's server CPU per document gives milliseconds. The sampling itself costs CPU, so the profiled phase spends more per document than the load runs above; the shares are what it measures. PostgreSQL's own processes are not sampled: their CPU per document is measured from /proc.");
        line("");
        foreach (var p in profiles)
        {
            line($"- {p.Engine}: {Size(p.DocumentBytes)}, {p.Concurrency} senders, {F(p.DocumentsPerSecond, "0.0")} doc/s, the server at {F(p.ServerCores, "0.00")} cores: **{F(p.ServerMsPerDocument, "0.00")} ms of server CPU per document** ({p.Samples:N0} samples){(p.DatabaseMsPerDocument > 0 ? $"; the database {F(p.DatabaseMsPerDocument, "0.00")} ms" : "")}");
        }
        line("");
        line($"| where | {string.Join(" | ", profiles.Select(p => $"{p.Engine}: ms per document (share)"))} |");
        line($"|---|{string.Concat(profiles.Select(_ => "---|"))}");
        var order = profiles.SelectMany(p => p.Shares).GroupBy(s => s.Where).OrderByDescending(g => g.Max(s => s.MsPerDocument)).Select(g => g.Key);
        foreach (var where in order)
        {
            line($"| {where} | {string.Join(" | ", profiles.Select(p => p.Shares.FirstOrDefault(s => s.Where == where) is { } s ? $"{F(s.MsPerDocument, "0.00")} ({P(s.Share)})" : "–"))} |");
        }
        line("");
    }

    private static string HandKeptSection(string engine) =>
        engine == "postgresql" ? "Where PostgreSQL's CPU per document goes" : "Where a 100 KB document's CPU goes";

    private static string ShortName(string where) => where.Split(" (", 2)[0];

    private const string DatabaseLever = "fewer b-tree entries per document (the acknowledgement's update is not a heap-only one; the audit events' and documents' secondary indexes) and fewer round trips (a group commit; the status posted in one)";

    /// <summary>
    /// What would make a resource's share smaller, from the profiles and experiments recorded in bench/OPTIMISATIONS.md.
    /// </summary>
    private static string Lever(string where, string engine) => ShortName(where) switch
    {
        "kernel: file I/O" => engine == "sqlite"
            ? "fewer pages written per document (each statement that touches an index writes its pages to the WAL again: fewer secondary indexes, multi-row inserts) and readers that do not re-read their pages after every commit"
            : "fewer fsyncs per document (a small document's blob file is created, written, fsynced, renamed and its folder fsynced; its content in the database instead cost PostgreSQL more than it saved, measured in bench/OPTIMISATIONS.md) and fewer log writes",
        "SQLite engine" => "fewer statements and index entries per document (StatementsPerDocumentTests counts them)",
        "OpenSSL: TLS records and SHA-256" => "fewer passes over each document's bytes (TLS in and out; SHA-256 on the way in and again when it is read back for its recipient)",
        "libc: system call wrappers, locks" => "fewer system calls per document (a WAL frame is two writes; sockets are read and written per HTTP/2 frame)",
        "libc: malloc, memcpy, memset" => "fewer copies of each body (the gRPC chunks copied by Google.Protobuf; SQLite's copies of the content's pages)",
        "managed: Kestrel, HTTP/2, TLS stream, sockets" or "kernel: loopback TCP" => "fewer calls and messages per document (send, push, acknowledgement) and larger frames",
        "managed: signature validation" => "validation that allocates less (PdfInput's buffer pooled once a parsed PDF is disposable)",
        "runtime: allocation, write barriers, casts, stubs" or "garbage collector threads" => "fewer allocations per call and per document",
        "managed: storage" => "fewer statements per document, and their parameters bound once",
        "kernel: thread wake-ups and switches" or "managed: async machinery and thread pool" or "kernel: spinning threads yielding" => "fewer hand-offs between threads per document (the group commit's writer, the push to the subscription)",
        _ => "see bench/OPTIMISATIONS.md",
    };
}
