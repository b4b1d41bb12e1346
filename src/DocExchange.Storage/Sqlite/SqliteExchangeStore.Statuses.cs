using DocExchange.Storage.Rows;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<DeliveryStateRecord?> FindDeliveryStateAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(SqliteSql.SelectDeliveryState,
                r => new DeliveryStateRecord(
                    id, recipient,
                    new DeliveryState((DeliveryStage)r.GetInt32(0), r.GetInt64(1) != 0),
                    r.GetInt64(2),
                    r.IsDBNull(3) ? null : (StatusCode)r.GetInt32(3)),
                ("$id", id.ToString()), ("$recipient", recipient.Value)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<StatusRecord?> FindStatusByMessageIdAsync(AgencyCode reporter, string messageId, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => FindStatusByMessageIdAsync(s, reporter, messageId), cancellationToken);

    private static async Task<StatusRecord?> FindStatusByMessageIdAsync(SqliteSession s, AgencyCode reporter, string messageId) =>
        (await s.QueryAsync(SqliteSql.SelectStatusByMessageId, StoredRows.Status, ("$reporter", reporter.Value), ("$messageId", messageId))
            .ConfigureAwait(false)).FirstOrDefault();

    public Task<StatusAppendResult> AppendStatusAsync(StatusAppend append, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var status = append.Status;
            if (status.MessageId is { } messageId)
            {
                var earlier = await FindStatusByMessageIdAsync(s, status.Reporter, messageId).ConfigureAwait(false);
                if (earlier is not null) return (false, new StatusAppendResult(StatusAppendOutcome.DuplicateMessage, earlier));
            }

            var id = status.DocumentId.ToString();
            var recipient = status.Recipient.Value;
            var moved = await s.ExecuteAsync(SqliteSql.UpdateDeliveryState,
                ("$stage", (int)append.NextState.Stage), ("$recallPending", append.NextState.RecallPending ? 1 : 0), ("$code", (int)status.Code),
                ("$id", id), ("$recipient", recipient), ("$expectedVersion", append.ExpectedVersion)).ConfigureAwait(false);
            if (moved != 1) return (false, new StatusAppendResult(StatusAppendOutcome.VersionConflict, null));

            var sequence = (long)(await s.ScalarAsync(SqliteSql.InsertStatus,
                ("$id", id), ("$sender", status.Sender.Value), ("$recipient", recipient), ("$reporter", status.Reporter.Value),
                ("$code", (int)status.Code), ("$description", status.Description),
                ("$reportedAt", SqliteRows.Ticks(status.Timestamp)), ("$recordedAt", SqliteRows.Ticks(status.RecordedAt)),
                ("$department", status.Staff.Department), ("$staff", status.Staff.Staff), ("$mobile", status.Staff.Mobile),
                ("$email", status.Staff.Email), ("$messageId", status.MessageId)).ConfigureAwait(false))!;

            foreach (var kind in append.Acknowledges)
            {
                await s.ExecuteAsync(SqliteSql.AcknowledgeInbox,
                    ("$at", SqliteRows.Ticks(status.RecordedAt)), ("$id", id), ("$recipient", recipient), ("$kind", (int)kind)).ConfigureAwait(false);
            }
            if (append.Enqueue is { } entry)
            {
                await s.ScalarAsync(SqliteSql.InsertInboxEntry,
                    ("$recipient", recipient), ("$id", id), ("$kind", (int)entry.Kind), ("$reason", entry.Reason),
                    ("$at", SqliteRows.Ticks(status.RecordedAt))).ConfigureAwait(false);
            }
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, new StatusAppendResult(StatusAppendOutcome.Appended, status with { Sequence = sequence }));
        }, cancellationToken);

    public Task<IReadOnlyList<StatusRecord>> GetStatusHistoryAsync(DocumentId id, AgencyCode? recipient, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(SqliteSql.SelectStatusHistory, StoredRows.Status,
            ("$id", id.ToString()), ("$recipient", recipient?.Value)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<StatusRecord>> ReadSenderStatusesAsync(
        AgencyCode sender, long afterSequence, DocumentId? document, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(SqliteSql.SelectSenderStatuses, StoredRows.Status,
            ("$sender", sender.Value), ("$after", afterSequence), ("$id", document?.ToString()), ("$limit", limit)).ConfigureAwait(false),
            cancellationToken);
}
