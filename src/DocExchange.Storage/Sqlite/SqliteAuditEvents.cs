using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

/// <summary>Writes an audit event inside the caller's write transaction, so it commits (or not) with the change it records.</summary>
internal static class SqliteAuditEvents
{
    /// <summary>
    /// Gives the event the next sequence (0-based, contiguous: SQLite has one writer and this runs in its transaction),
    /// stores its canonical leaf bytes and indexes it by agency; returns the sequence.
    /// </summary>
    public static async Task<long> InsertAsync(SqliteSession s, AuditEventRecord audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var sequence = (long)(await s.ScalarAsync(SqliteSql.NextAuditSequence).ConfigureAwait(false))!;
        var auditEvent = AuditRecordMapping.ToAuditEvent(audit, sequence);
        var leaf = Audit.Events.AuditEventEncoding.Encode(auditEvent);
        await s.ExecuteAsync(SqliteSql.InsertAuditEvent,
            ("$sequence", sequence),
            ("$at", SqliteRows.Ticks(AuditTime.Normalize(audit.OccurredAt))),
            ("$organId", auditEvent.Actor.OrganId),
            ("$role", auditEvent.Actor.Role),
            ("$action", auditEvent.Action),
            ("$documentId", auditEvent.DocumentId),
            ("$outcome", auditEvent.Outcome),
            ("$leaf", leaf)).ConfigureAwait(false);
        foreach (var agency in auditEvent.Recipients.Prepend(auditEvent.Actor.OrganId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal))
        {
            await s.ExecuteAsync(SqliteSql.InsertAuditEventAgency, ("$agency", agency), ("$sequence", sequence)).ConfigureAwait(false);
        }
        return sequence;
    }
}
