using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocExchange.LoadGenerator.Results;

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max);

/// <summary>
/// Average cores used during a phase by the server instances, the database server and the load generator, and by the
/// whole machine (which includes anything else running on it).
/// </summary>
internal sealed record CpuUse(double ServerCores, double DatabaseCores, double LoadGeneratorCores, double MachineCores);

/// <summary>
/// One load phase: a document size at a number of concurrent senders, on an engine with a number of server instances,
/// sent natively (Exchange.Send) or as edXML packages (EdXmlExchange.SendPackage; <see cref="WireBytes"/> is then the
/// package's size). Results written before the edXML phases existed read as native.
/// </summary>
internal sealed record PhaseResult(
    string Engine,
    int Instances,
    long DocumentBytes,
    int Concurrency,
    double Seconds,
    int Sent,
    int Completed,
    int Errors,
    string? FirstError,
    double DocumentsPerSecond,
    double MegabytesPerSecond,
    Percentiles? SendMs,
    Percentiles? ReceiptMs,
    Percentiles? FetchedAndAcknowledgedMs,
    CpuUse? Cpu,
    CommitLockUse? CommitLock = null,
    string Format = "native",
    long? WireBytes = null)
{
    public bool IsNative => Format == Load.NativeDocument.FormatName;
}

/// <summary>
/// PostgreSQL's commit-order lock during a phase, sampled from pg_locks and pg_stat_activity (see
/// Engines/CommitLockProbe.cs): the share of samples in which it was held (its utilisation), the mean number of
/// backends waiting for it, its acquisitions (audit events appended), the mean hold time from grant to the end of the
/// commit (utilisation × seconds ÷ acquisitions), and how the holder spent it: waiting for the client (idle in
/// transaction: round trips and the server's own work between statements), flushing the commit's WAL, or executing.
/// </summary>
internal sealed record CommitLockUse(
    int Samples,
    double Seconds,
    long Acquisitions,
    double HeldShare,
    double MeanWaiting,
    double HoldMs,
    double ClientShareOfHold,
    double FlushShareOfHold,
    double ExecutingShareOfHold);

/// <summary>
/// An empty unary RPC (grpc.health.v1.Health/Check) over mutual TLS, to the DocExchange server or to the bare transport;
/// the server's CPU time per call is measured while <see cref="Concurrency"/> calls are in flight (absent from results
/// written before it was measured).
/// </summary>
internal sealed record UnaryCeiling(double SequentialCallsPerSecond, Percentiles SequentialMs, int Concurrency, double ConcurrentCallsPerSecond, double? ServerCpuMsPerCall = null);

internal sealed record CommitCeiling(string Engine, string Durability, double CommitsPerSecond);

/// <summary>One large document sent and fetched through a fresh server process.</summary>
internal sealed record MemoryResult(
    long DocumentBytes,
    long ServerRssBefore,
    long ServerPeakRss,
    long ClientRssBefore,
    long ClientPeakRss,
    double SendSeconds,
    double FetchSeconds,
    string? Error);

/// <summary>
/// One large edXML package sent (SendPackageAsync) and fetched back (FetchPackageAsync) through a fresh server process;
/// no error means the fetched attachments' SHA-256 matched the sent ones.
/// </summary>
internal sealed record PackageMemoryResult(
    long AttachmentBytes,
    int Attachments,
    long PackageBytes,
    long ServerRssBefore,
    long ServerPeakRss,
    long ClientRssBefore,
    long ClientPeakRss,
    double SendSeconds,
    double FetchSeconds,
    string? Error);

/// <summary>
/// One load run. <see cref="Unary"/> is the empty call through the DocExchange server's full per-call pipeline,
/// <see cref="BareUnary"/> the same call to the bare transport (bench/DocExchange.BareServer) measured beside it in the
/// same run (absent from results written before it was measured). <see cref="BusyCoresBefore"/> is how many cores the
/// machine kept busy in the seconds before the run started (absent from results written before it was measured): the
/// load average lags by minutes, so right after an earlier run it is high on a machine that is already idle.
/// </summary>
internal sealed record LoadResults(
    bool Quick,
    IReadOnlyList<string> Engines,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LoadAverageBefore,
    string LoadAverageAfter,
    int SenderAgencies,
    int RecipientAgencies,
    int FetchWorkersPerRecipient,
    IReadOnlyList<CommitCeiling> Commits,
    UnaryCeiling? Unary,
    IReadOnlyList<PhaseResult> Phases,
    long AuditTreeSize,
    MemoryResult? Memory,
    TimeSpan WarmUp,
    IReadOnlyList<string> Notes,
    PackageMemoryResult? PackageMemory = null,
    UnaryCeiling? BareUnary = null,
    double? BusyCoresBefore = null)
{
    public CommitCeiling? CommitOf(string engine) => Commits.FirstOrDefault(c => c.Engine == engine);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
