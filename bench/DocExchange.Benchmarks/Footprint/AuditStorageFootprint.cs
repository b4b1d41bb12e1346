using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Trail;

namespace DocExchange.Benchmarks.Footprint;

/// <summary>
/// Storage bytes per audit event, measured on the real stores: a warm-up of <see cref="WarmUpEvents"/> events, the
/// storage size, then <c>N</c> more events, the size again; the difference divided by <c>N</c>. Each phase records its
/// events one transaction at a time through the engine's audit event store (as the server commits them), integrates them
/// into the Merkle log and signs one checkpoint, so events, their index rows, Merkle nodes and checkpoints all count.
/// </summary>
internal static class AuditStorageFootprint
{
    public const int WarmUpEvents = 100;

    /// <summary>Engines measured: SQLite always; PostgreSQL when its binaries are installed.</summary>
    public static async Task<IReadOnlyList<AuditStorageResult>> MeasureAllAsync(int events, TextWriter progress, CancellationToken cancellationToken)
    {
        var results = new List<AuditStorageResult>();
        foreach (var (name, measure) in new (string, Func<int, CancellationToken, Task<AuditStorageResult>>)[]
        {
            ("sqlite", SqliteAuditFootprint.MeasureAsync),
            ("postgresql", PostgresAuditFootprint.MeasureAsync),
        })
        {
            await progress.WriteLineAsync($"audit storage: {events:N0} events on {name}…");
            var result = await measure(events, cancellationToken);
            await progress.WriteLineAsync(result.Error is null
                ? $"  {result.Bytes:N0} bytes, {result.BytesPerEvent:0} bytes per event"
                : $"  not measured: {result.Error}");
            results.Add(result);
        }
        return results;
    }

    /// <summary>
    /// Records events <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1 of
    /// <see cref="DocumentLifeEvents"/>, then integrates and signs the log opened by <paramref name="openLog"/>.
    /// </summary>
    public static async Task AppendAsync(IAuditEventStore events, Func<Task<AuditLog>> openLog, long from, int count, CancellationToken cancellationToken)
    {
        using var log = await openLog();
        for (long i = from; i < from + count; i++)
        {
            await events.RecordAsync(DocumentLifeEvents.Event(i), cancellationToken);
        }
        var checkpoint = await log.Checkpoints.SignNowAsync(cancellationToken);
        if (checkpoint.Checkpoint.TreeSize != from + count)
        {
            throw new InvalidOperationException($"The audit log has {checkpoint.Checkpoint.TreeSize} events after appending up to {from + count}.");
        }
    }

    /// <summary>The checkpoint key: one for both phases, as an engine keeps one audit key.</summary>
    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static AuditOptions Options => new();
}
