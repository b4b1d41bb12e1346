using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The end of every write transaction: the audit sequence drawn (after the commit-order lock where the engine needs
/// one), the rows that draw cursors and sequences, then the audit event with its canonical leaf bytes and the
/// notifications. The event commits (or not) with the change it records, and its sequence rolls back with it, so
/// sequences have no gaps.
/// </summary>
internal static class AuditEventWriter
{
    /// <summary>
    /// Runs the statements of <paramref name="before"/>, draws the sequence, then runs what <paramref name="orderedRows"/>
    /// adds (the rows that draw cursors and sequences), in one round trip; returns the sequence.
    /// </summary>
    public static async Task<long> DrawAsync(DbSession s, SqlDialect dialect, StatementBatch before, Action<StatementBatch>? orderedRows = null)
    {
        var sequence = dialect.DrawAuditSequence(before);
        orderedRows?.Invoke(before);
        await s.RunAsync(before).ConfigureAwait(false);
        return sequence.Count == 1
            ? sequence[0]
            : throw new InvalidOperationException("The audit sequence could not be drawn: the audit trail cannot number events.");
    }

    /// <summary>
    /// Inserts the event at <paramref name="sequence"/> (drawn by <see cref="DrawAsync"/> in this transaction) with its
    /// canonical leaf bytes, indexes it by agency, and notifies <paramref name="channels"/> and the audit log's.
    /// </summary>
    public static async Task InsertAsync(DbSession s, SqlDialect dialect, long sequence, AuditEventRecord audit, IEnumerable<string> channels)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var auditEvent = AuditRecordMapping.ToAuditEvent(audit, sequence);
        var leaf = Audit.Events.AuditEventEncoding.Encode(auditEvent);
        var batch = new StatementBatch();
        batch.Add(RelationalSql.InsertAuditEvent,
            ("sequence", sequence),
            ("at", StoredRows.Ticks(AuditTime.Normalize(audit.OccurredAt))),
            ("organId", auditEvent.Actor.OrganId),
            ("role", auditEvent.Actor.Role),
            ("action", auditEvent.Action),
            ("documentId", auditEvent.DocumentId),
            ("outcome", auditEvent.Outcome),
            ("leaf", leaf));
        foreach (var agency in auditEvent.Recipients.Prepend(auditEvent.Actor.OrganId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal))
        {
            batch.Add(RelationalSql.InsertAuditEventAgency, ("agency", agency), ("sequence", sequence));
        }
        dialect.Notify(batch, channels.Append(ChangeTopic.AuditLog.ChannelName).Distinct(StringComparer.Ordinal).ToList());
        await s.RunAsync(batch).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="before"/>, the sequence, <paramref name="orderedRows"/>, then the event: the end of a write whose
    /// ordered rows return nothing.
    /// </summary>
    public static async Task<long> FinishAsync(DbSession s, SqlDialect dialect, StatementBatch before, IEnumerable<Statement> orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels)
    {
        var sequence = await DrawAsync(s, dialect, before, b => b.AddRange(orderedRows)).ConfigureAwait(false);
        await InsertAsync(s, dialect, sequence, audit, channels).ConfigureAwait(false);
        return sequence;
    }
}
