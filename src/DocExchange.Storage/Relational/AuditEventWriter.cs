using DocExchange.Audit;
using DocExchange.Audit.Events;
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
    /// Runs the statements of <paramref name="before"/>, draws the sequence, runs what <paramref name="orderedRows"/>
    /// adds (the rows that draw cursors and sequences), then inserts the event (see <see cref="InsertAsync"/>);
    /// returns the sequence. Where the engine places the drawn sequence in the event's row itself
    /// (<see cref="SqlDialect.DrawnAuditEvent"/>) all of it is one round trip, so a commit-order lock taken before the
    /// draw is held over that round trip and the commit only; otherwise the event follows in a second one. Where the
    /// engine commits with the last batch (<see cref="SqlDialect.CommitsWithLastBatch"/>) that round trip also commits:
    /// the transaction is over when this returns.
    /// </summary>
    public static async Task<long> AppendAsync(DbSession s, SqlDialect dialect, StatementBatch before, Action<StatementBatch>? orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (dialect.DrawnAuditEvent is not { } drawn)
        {
            var drawnSequence = await DrawAsync(s, dialect, before, orderedRows).ConfigureAwait(false);
            await InsertAsync(s, dialect, drawnSequence, audit, channels).ConfigureAwait(false);
            return drawnSequence;
        }

        var sequence = dialect.DrawAuditSequence(before);
        orderedRows?.Invoke(before);
        // Encoded at sequence 0, then spliced around the drawn sequence's decimal digits by the database.
        var auditEvent = AuditRecordMapping.ToAuditEvent(audit, 0);
        var (leafHead, leafTail) = SplitAtSequence(AuditEventEncoding.Encode(auditEvent));
        before.Add(drawn.InsertEvent, [.. EventColumns(audit, auditEvent), ("leafHead", leafHead), ("leafTail", leafTail)]);
        foreach (var agency in Agencies(auditEvent))
        {
            before.Add(drawn.InsertAgency, ("agency", agency));
        }
        dialect.Notify(before, WithAuditLog(channels));
        if (dialect.CommitsWithLastBatch) await s.RunAndCommitAsync(before).ConfigureAwait(false);
        else await s.RunAsync(before).ConfigureAwait(false);
        return Single(sequence);
    }

    /// <summary>
    /// Runs the statements of <paramref name="before"/>, draws the sequence, then runs what <paramref name="orderedRows"/>
    /// adds (the rows that draw cursors and sequences), in one round trip; returns the sequence.
    /// </summary>
    private static async Task<long> DrawAsync(DbSession s, SqlDialect dialect, StatementBatch before, Action<StatementBatch>? orderedRows)
    {
        var sequence = dialect.DrawAuditSequence(before);
        orderedRows?.Invoke(before);
        await s.RunAsync(before).ConfigureAwait(false);
        return Single(sequence);
    }

    /// <summary>
    /// Inserts the event at <paramref name="sequence"/> (drawn by <see cref="DrawAsync"/> in this transaction) with its
    /// canonical leaf bytes, indexes it by agency, and notifies <paramref name="channels"/> and the audit log's.
    /// </summary>
    private static async Task InsertAsync(DbSession s, SqlDialect dialect, long sequence, AuditEventRecord audit, IEnumerable<string> channels)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var auditEvent = AuditRecordMapping.ToAuditEvent(audit, sequence);
        var batch = new StatementBatch();
        batch.Add(RelationalSql.InsertAuditEvent,
            [("sequence", sequence), .. EventColumns(audit, auditEvent), ("leaf", AuditEventEncoding.Encode(auditEvent))]);
        foreach (var agency in Agencies(auditEvent))
        {
            batch.Add(RelationalSql.InsertAuditEventAgency, ("agency", agency), ("sequence", sequence));
        }
        dialect.Notify(batch, WithAuditLog(channels));
        await s.RunAsync(batch).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="before"/>, the sequence, <paramref name="orderedRows"/>, then the event: the end of a write whose
    /// ordered rows return nothing.
    /// </summary>
    public static Task<long> FinishAsync(DbSession s, SqlDialect dialect, StatementBatch before, IEnumerable<Statement> orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels) =>
        AppendAsync(s, dialect, before, b => b.AddRange(orderedRows), audit, channels);

    /// <summary>
    /// The canonical leaf of an event encoded at sequence 0, cut around that 0: the sequence is the second key, after
    /// the version number, so its first occurrence is the one (docs/AUDIT-FORMAT.md).
    /// </summary>
    internal static (byte[] Head, byte[] Tail) SplitAtSequence(byte[] leafAtZero)
    {
        var key = "\"sequence\":0"u8;
        var at = leafAtZero.AsSpan().IndexOf(key);
        if (at < 0) throw new InvalidOperationException("The audit leaf has no sequence to place the drawn one in.");
        var digit = at + key.Length - 1;
        return (leafAtZero[..digit], leafAtZero[(digit + 1)..]);
    }

    private static (string Name, object? Value)[] EventColumns(AuditEventRecord audit, AuditEvent auditEvent) =>
    [
        ("at", StoredRows.Ticks(AuditTime.Normalize(audit.OccurredAt))),
        ("organId", auditEvent.Actor.OrganId),
        ("role", auditEvent.Actor.Role),
        ("action", auditEvent.Action),
        ("documentId", auditEvent.DocumentId),
        ("outcome", auditEvent.Outcome),
    ];

    private static IEnumerable<string> Agencies(AuditEvent auditEvent) =>
        auditEvent.Recipients.Prepend(auditEvent.Actor.OrganId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal);

    private static List<string> WithAuditLog(IEnumerable<string> channels) =>
        channels.Append(ChangeTopic.AuditLog.ChannelName).Distinct(StringComparer.Ordinal).ToList();

    private static long Single(List<long> sequence) => sequence.Count == 1
        ? sequence[0]
        : throw new InvalidOperationException("The audit sequence could not be drawn: the audit trail cannot number events.");
}
