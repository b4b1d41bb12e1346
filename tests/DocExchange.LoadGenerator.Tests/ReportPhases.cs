using DocExchange.LoadGenerator.Results;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>Load results as the load generator writes them, with only the figures a report test looks at.</summary>
internal static class ReportPhases
{
    public const long HundredKb = 113_692;
    public const long OneMb = 1_059_874;

    public static PhaseResult Phase(string engine, long bytes, int senders, double documentsPerSecond, int instances = 1, string format = "native") =>
        new(engine, instances, bytes, senders, Seconds: 10, Sent: (int)(documentsPerSecond * 10), Completed: (int)(documentsPerSecond * 10), Errors: 0, FirstError: null,
            documentsPerSecond, MegabytesPerSecond: documentsPerSecond * bytes / 1e6, SendMs: null, ReceiptMs: null, FetchedAndAcknowledgedMs: null,
            Cpu: new CpuUse(ServerCores: 1.2, DatabaseCores: 0, LoadGeneratorCores: 0.5, MachineCores: 1.9), Format: format);

    public static LoadResults Run(params PhaseResult[] phases) =>
        new(Quick: false, Engines: phases.Select(p => p.Engine).Distinct().ToList(), StartedAt: DateTimeOffset.UnixEpoch, FinishedAt: DateTimeOffset.UnixEpoch,
            LoadAverageBefore: "0.10 0.10 0.10", LoadAverageAfter: "0.10 0.10 0.10", SenderAgencies: 64, RecipientAgencies: 4, FetchWorkersPerRecipient: 4,
            Commits: [], Unary: null, Phases: phases, AuditTreeSize: 0, Memory: null, WarmUp: TimeSpan.Zero, Notes: []);
}
