using DocExchange.Core.Storage;

namespace DocExchange.Audit.Trail;

/// <summary>
/// The audit events table as the trail reads it. Events are written by the exchange store in the transaction of each
/// change; <see cref="RecordAsync"/> commits an event that is not a domain change (a denied call, a start-up event).
/// Every event is stored with its sequence (0-based, contiguous, in commit order) and its canonical leaf bytes.
/// </summary>
public interface IAuditEventStore
{
    /// <summary>Commits one event alone; returns the sequence it was given.</summary>
    Task<long> RecordAsync(AuditEventRecord record, CancellationToken cancellationToken);

    /// <summary>The sequence the next event will get (the number of events committed).</summary>
    Task<long> GetNextSequenceAsync(CancellationToken cancellationToken);

    /// <summary>Stored events with sequence ≥ <paramref name="fromSequence"/>, in sequence order, exactly as stored (no checks).</summary>
    Task<IReadOnlyList<StoredAuditLeaf>> ReadLeavesAsync(long fromSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Stored events whose index values match <paramref name="query"/>, in sequence order, with those index values as
    /// stored (unchecked: <see cref="AuditTrail.QueryEventsAsync"/> checks them against the leaves).
    /// </summary>
    Task<IReadOnlyList<IndexedAuditLeaf>> QueryAsync(AuditEventQuery query, CancellationToken cancellationToken);
}
