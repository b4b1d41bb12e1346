using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocExchange.LoadGenerator.Results;

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max);

/// <summary>One load phase: a document size at a number of concurrent senders.</summary>
internal sealed record PhaseResult(
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
    Percentiles? FetchedAndAcknowledgedMs);

/// <summary>An empty unary RPC (grpc.health.v1.Health/Check) over mutual TLS.</summary>
internal sealed record UnaryCeiling(double SequentialCallsPerSecond, Percentiles SequentialMs, int Concurrency, double ConcurrentCallsPerSecond);

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

internal sealed record LoadResults(
    bool Quick,
    string Engine,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LoadAverageBefore,
    string LoadAverageAfter,
    int SenderAgencies,
    int RecipientAgencies,
    int FetchWorkersPerRecipient,
    CommitCeiling? Commit,
    UnaryCeiling? Unary,
    IReadOnlyList<PhaseResult> Phases,
    long AuditTreeSize,
    MemoryResult? Memory,
    IReadOnlyList<string> Notes)
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
