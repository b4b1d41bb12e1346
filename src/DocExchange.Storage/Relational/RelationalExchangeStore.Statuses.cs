using System.Data.Common;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Notifications;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    public Task<DeliveryStateRecord?> FindDeliveryStateAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken) =>
        ReadAsync(async s => (await s.QueryAsync(RelationalSql.SelectDeliveryState,
                r => new DeliveryStateRecord(
                    id, recipient,
                    new DeliveryState((DeliveryStage)r.GetInt32(0), r.GetBoolean(1)),
                    r.GetInt64(2),
                    r.IsDBNull(3) ? null : (StatusCode)r.GetInt32(3)),
                ("id", id.ToString()), ("recipient", recipient.Value)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<DocumentDelivery?> FindDocumentDeliveryAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken) =>
        ReadAsync(async s => (await s.QueryAsync(RelationalSql.SelectDocumentDelivery,
                r => new DocumentDelivery(
                    AgencyCode.Parse(r.GetString(0)),
                    // No delivery row joined: the agency is not a current recipient.
                    r.IsDBNull(3) ? null : new DeliveryStateRecord(
                        id, recipient,
                        new DeliveryState((DeliveryStage)r.GetInt32(1), r.GetBoolean(2)),
                        r.GetInt64(3),
                        r.IsDBNull(4) ? null : (StatusCode)r.GetInt32(4))),
                ("id", id.ToString()), ("recipient", recipient.Value)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<StatusRecord?> FindStatusByMessageIdAsync(AgencyCode reporter, string messageId, CancellationToken cancellationToken) =>
        ReadAsync(s => FindStatusByMessageIdAsync(s, reporter, messageId), cancellationToken);

    private static async Task<StatusRecord?> FindStatusByMessageIdAsync(DbSession s, AgencyCode reporter, string messageId) =>
        (await s.QueryAsync(RelationalSql.SelectStatusByMessageId, StoredRows.Status, ("reporter", reporter.Value), ("messageId", messageId))
            .ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// The delivery state moves only from the expected version (a concurrent change on any instance makes the UPDATE
    /// match no row: VersionConflict). A message id already used, even by a concurrent post, yields the first status.
    /// The message id's check and the state's move go in one round trip, the rest (with the commit where the engine
    /// commits with the last batch) in a second.
    /// </summary>
    public async Task<StatusAppendResult> AppendStatusAsync(StatusAppend append, AuditEventRecord audit, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(s => AppendStatusAsync(s, append, audit), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (Sql.Dialect.IsDuplicateKey(e, "statuses"))
        {
            // The message id was taken since the check, by a concurrent post: this one rolled back.
            return new StatusAppendResult(StatusAppendOutcome.DuplicateMessage,
                await ReadAsync(s => EarlierStatusAsync(s, append.Status), cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task<(bool Commit, StatusAppendResult Result)> AppendStatusAsync(DbSession s, StatusAppend append, AuditEventRecord audit)
    {
        var status = append.Status;
        var id = status.DocumentId.ToString();
        var recipient = status.Recipient.Value;
        var checks = new StatementBatch();
        var earlier = status.MessageId is { } messageId
            ? checks.Query(RelationalSql.SelectStatusByMessageId, StoredRows.Status, ("reporter", status.Reporter.Value), ("messageId", messageId))
            : [];
        // Moved in the same round trip even when the message id turns out to be taken: the write then rolls back.
        var moved = checks.Query(RelationalSql.UpdateDeliveryState, r => r.GetInt64(0),
            ("stage", (int)append.NextState.Stage), ("recallPending", append.NextState.RecallPending), ("code", (int)status.Code),
            ("id", id), ("recipient", recipient), ("expectedVersion", append.ExpectedVersion));
        await s.RunAsync(checks).ConfigureAwait(false);
        if (earlier.Count > 0) return (false, new StatusAppendResult(StatusAppendOutcome.DuplicateMessage, earlier[0]));
        if (moved.Count != 1) return (false, new StatusAppendResult(StatusAppendOutcome.VersionConflict, null));

        var before = new StatementBatch();
        foreach (var kind in append.Acknowledges)
        {
            before.Add(RelationalSql.AcknowledgeInbox,
                ("at", StoredRows.Ticks(status.RecordedAt)), ("id", id), ("recipient", recipient), ("kind", (int)kind));
        }
        var channels = new List<string> { ChangeTopic.Statuses(status.Sender).ChannelName };
        List<long> sequences = [];
        await AuditEventWriter.AppendAsync(s, Sql.Dialect, before, ordered =>
        {
            // No row (or, where the engine commits with this batch, a unique violation) when the message id was taken
            // since the check above, by a concurrent post.
            sequences = ordered.Query(Sql.InsertStatus, r => r.GetInt64(0),
                ("id", id), ("sender", status.Sender.Value), ("recipient", recipient), ("reporter", status.Reporter.Value),
                ("code", (int)status.Code), ("description", status.Description),
                ("reportedAt", StoredRows.Ticks(status.Timestamp)), ("recordedAt", StoredRows.Ticks(status.RecordedAt)),
                ("department", status.Staff.Department), ("staff", status.Staff.Staff), ("mobile", status.Staff.Mobile),
                ("email", status.Staff.Email), ("messageId", status.MessageId));
            if (append.Enqueue is { } entry)
            {
                ordered.AddRange([InboxEntry(id, status.Recipient, entry.Kind, entry.Reason, status.RecordedAt)]);
                channels.Add(ChangeTopic.Inbox(status.Recipient).ChannelName);
            }
        }, audit, channels).ConfigureAwait(false);
        if (sequences.Count == 0)
        {
            // Rolled back: the audit sequence drawn above and the event are given back with it.
            return (false, new StatusAppendResult(StatusAppendOutcome.DuplicateMessage, await EarlierStatusAsync(s, status).ConfigureAwait(false)));
        }
        return (true, new StatusAppendResult(StatusAppendOutcome.Appended, status with { Sequence = sequences[0] }));
    }

    /// <summary>The status that took <paramref name="status"/>'s message id first.</summary>
    private static async Task<StatusRecord> EarlierStatusAsync(DbSession s, StatusRecord status) =>
        await FindStatusByMessageIdAsync(s, status.Reporter, status.MessageId!).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"status message id '{status.MessageId}' conflicted but no status carries it");

    public Task<IReadOnlyList<StatusRecord>> GetStatusHistoryAsync(DocumentId id, AgencyCode? recipient, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(RelationalSql.SelectStatusHistory, StoredRows.Status,
            ("id", id.ToString()), ("recipient", recipient?.Value)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<StatusRecord>> ReadSenderStatusesAsync(
        AgencyCode sender, long afterSequence, DocumentId? document, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StatusRecord>>(async s => await s.QueryAsync(RelationalSql.SelectSenderStatuses, StoredRows.Status,
            ("sender", sender.Value), ("after", afterSequence), ("id", document?.ToString()), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);
}
