using DocExchange.Storage.Rows;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Notifications;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Postgres;

public sealed partial class PostgresExchangeStore
{
    public Task<DeliveryStateRecord?> FindDeliveryStateAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(PostgresSql.SelectDeliveryState,
                r => new DeliveryStateRecord(
                    id, recipient,
                    new DeliveryState((DeliveryStage)r.GetInt32(0), r.GetBoolean(1)),
                    r.GetInt64(2),
                    r.IsDBNull(3) ? null : (StatusCode)r.GetInt32(3)),
                ("id", id.ToString()), ("recipient", recipient.Value)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<StatusRecord?> FindStatusByMessageIdAsync(AgencyCode reporter, string messageId, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => FindStatusByMessageIdAsync(s, reporter, messageId), cancellationToken);

    private static async Task<StatusRecord?> FindStatusByMessageIdAsync(PostgresSession s, AgencyCode reporter, string messageId) =>
        (await s.QueryAsync(PostgresSql.SelectStatusByMessageId, StoredRows.Status, ("reporter", reporter.Value), ("messageId", messageId))
            .ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// The delivery state moves only from the expected version (a concurrent change on any instance makes the UPDATE
    /// match no row: VersionConflict). A message id already used, even by a concurrent post, yields the first status.
    /// </summary>
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
            var moved = await s.ExecuteAsync(PostgresSql.UpdateDeliveryState,
                ("stage", (int)append.NextState.Stage), ("recallPending", append.NextState.RecallPending), ("code", (int)status.Code),
                ("id", id), ("recipient", recipient), ("expectedVersion", append.ExpectedVersion)).ConfigureAwait(false);
            if (moved != 1) return (false, new StatusAppendResult(StatusAppendOutcome.VersionConflict, null));

            var before = new List<PostgresStatement>();
            if (append.Acknowledges.Count > 0)
            {
                before.Add(new(PostgresSql.AcknowledgeInbox,
                    ("at", PostgresRows.Ticks(status.RecordedAt)), ("id", id), ("recipient", recipient),
                    ("kinds", append.Acknowledges.Select(k => (int)k).ToArray())));
            }
            var ordered = new List<PostgresStatement>
            {
                new(PostgresSql.InsertStatus,
                    ("id", id), ("sender", status.Sender.Value), ("recipient", recipient), ("reporter", status.Reporter.Value),
                    ("code", (int)status.Code), ("description", status.Description),
                    ("reportedAt", PostgresRows.Ticks(status.Timestamp)), ("recordedAt", PostgresRows.Ticks(status.RecordedAt)),
                    ("department", status.Staff.Department), ("staff", status.Staff.Staff), ("mobile", status.Staff.Mobile),
                    ("email", status.Staff.Email), ("messageId", status.MessageId)),
            };
            var channels = new List<string> { ChangeTopic.Statuses(status.Sender).ChannelName };
            if (append.Enqueue is { } entry)
            {
                ordered.Add(new(PostgresSql.InsertInboxEntries,
                    ("id", id), ("recipients", new[] { recipient }), ("kind", (int)entry.Kind), ("reason", entry.Reason),
                    ("at", PostgresRows.Ticks(status.RecordedAt))));
                channels.Add(ChangeTopic.Inbox(status.Recipient).ChannelName);
            }

            // The status insert's RETURNING follows the audit sequence's result set (empty when the message id was taken).
            var (auditSequence, sequence) = await PostgresAuditEvents.LockAndDrawAsync(s, before, ordered, async (r, ct) =>
            {
                await r.NextResultAsync(ct).ConfigureAwait(false);
                return await r.ReadAsync(ct).ConfigureAwait(false) ? r.GetInt64(0) : (long?)null;
            }).ConfigureAwait(false);
            if (sequence is null)
            {
                // Rolled back: the audit sequence drawn above is given back with it.
                var earlier = await FindStatusByMessageIdAsync(s, status.Reporter, status.MessageId!).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"status message id '{status.MessageId}' conflicted but no status carries it");
                return (false, new StatusAppendResult(StatusAppendOutcome.DuplicateMessage, earlier));
            }
            await PostgresAuditEvents.InsertAsync(s, auditSequence, audit, channels).ConfigureAwait(false);
            return (true, new StatusAppendResult(StatusAppendOutcome.Appended, status with { Sequence = sequence.Value }));
        }, cancellationToken);

    public Task<IReadOnlyList<StatusRecord>> GetStatusHistoryAsync(DocumentId id, AgencyCode? recipient, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(PostgresSql.SelectStatusHistory, StoredRows.Status,
            ("id", id.ToString()), ("recipient", recipient?.Value)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<StatusRecord>> ReadSenderStatusesAsync(
        AgencyCode sender, long afterSequence, DocumentId? document, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(PostgresSql.SelectSenderStatuses, StoredRows.Status,
            ("sender", sender.Value), ("after", afterSequence), ("id", document?.ToString()), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);
}
