using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The end of every write transaction: the commit-order lock, the audit sequence drawn from the counter row, the rows
/// that draw cursors and sequences, then the audit event with its canonical leaf bytes and the NOTIFYs. The event
/// commits (or not) with the change it records, and its sequence rolls back with it, so sequences have no gaps.
/// </summary>
internal static class PostgresAuditEvents
{
    /// <summary>
    /// Runs <paramref name="before"/>, takes the commit-order lock, draws the next audit sequence and runs
    /// <paramref name="orderedRows"/>, in one round trip. <paramref name="readRows"/> starts on the sequence's result set
    /// (already read) and moves on with NextResultAsync to each ordered row statement that returns rows.
    /// </summary>
    public static async Task<(long Sequence, T Rows)> LockAndDrawAsync<T>(
        PostgresSession s,
        IEnumerable<PostgresStatement> before,
        IEnumerable<PostgresStatement> orderedRows,
        Func<NpgsqlDataReader, CancellationToken, Task<T>> readRows)
    {
        var statements = before
            .Append(new PostgresStatement(PostgresSql.LockCommitOrder))
            .Append(new PostgresStatement(PostgresSql.DrawAuditSequence))
            .Concat(orderedRows);
        return await s.BatchAsync(statements, async (r, ct) =>
        {
            await r.NextResultAsync(ct).ConfigureAwait(false); // past the lock's result set
            if (!await r.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The audit_counter row is missing: the audit trail cannot number events.");
            }
            long sequence = r.GetInt64(0);
            return (sequence, await readRows(r, ct).ConfigureAwait(false));
        }).ConfigureAwait(false);
    }

    public static Task<(long Sequence, bool Rows)> LockAndDrawAsync(
        PostgresSession s, IEnumerable<PostgresStatement> before, IEnumerable<PostgresStatement> orderedRows) =>
        LockAndDrawAsync(s, before, orderedRows, (_, _) => Task.FromResult(true));

    /// <summary>
    /// Inserts the event at <paramref name="sequence"/> (drawn by <see cref="LockAndDrawAsync{T}"/> in this transaction)
    /// with its canonical leaf bytes, indexes it by agency, and NOTIFYs <paramref name="channels"/> and the audit log's.
    /// </summary>
    public static async Task InsertAsync(PostgresSession s, long sequence, AuditEventRecord audit, IEnumerable<string> channels)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var auditEvent = AuditRecordMapping.ToAuditEvent(audit, sequence);
        var leaf = Audit.Events.AuditEventEncoding.Encode(auditEvent);
        var agencies = auditEvent.Recipients.Prepend(auditEvent.Actor.OrganId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var statements = new List<PostgresStatement>
        {
            new(PostgresSql.InsertAuditEvent,
                ("sequence", sequence),
                ("at", PostgresRows.Ticks(AuditTime.Normalize(audit.OccurredAt))),
                ("organId", auditEvent.Actor.OrganId),
                ("role", auditEvent.Actor.Role),
                ("action", auditEvent.Action),
                ("documentId", auditEvent.DocumentId),
                ("outcome", auditEvent.Outcome),
                ("leaf", leaf)),
        };
        if (agencies.Length > 0)
        {
            statements.Add(new(PostgresSql.InsertAuditEventAgencies, ("sequence", sequence), ("agencies", agencies)));
        }
        statements.Add(PostgresRows.Notify(channels.Append(ChangeTopic.AuditLog.ChannelName)));
        await s.BatchAsync(statements, (_, _) => Task.FromResult(0)).ConfigureAwait(false);
    }
}
