using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Storage;

/// <summary>
/// Durable state of the exchange. Every write method is one transaction that also commits its audit event, giving it
/// the next audit sequence (0-based, contiguous, in commit order: the Merkle leaf index) and storing its canonical leaf
/// bytes (docs/AUDIT-FORMAT.md); a write that commits nothing records no event.
/// Implementations: SQLite (embedded), PostgreSQL (shared by several server instances). Cursors and sequences must increase in commit order
/// for each recipient / sender, because subscriptions resume "after" them.
/// </summary>
public interface IExchangeStore
{
    // Agencies

    /// <summary>A registered agency with its trusted CAs, CRLs and pinned thumbprints; null if not registered.</summary>
    Task<Agency?> FindAgencyAsync(AgencyCode code, CancellationToken cancellationToken);

    /// <summary>The agencies (normally one) that pinned the client certificate thumbprint <paramref name="sha256"/>, by code.</summary>
    Task<IReadOnlyList<AgencyCode>> FindAgenciesPinningAsync(Sha256Digest sha256, CancellationToken cancellationToken);

    /// <summary>Inserts an agency with its trusted CAs and pinned thumbprints; false (and nothing written) when the code is already registered.</summary>
    Task<bool> TryInsertAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>Replaces a registered agency's name, contact, active flag and update time.</summary>
    Task UpdateAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>Adds a trusted CA to a registered agency (nothing if it is already trusted) and sets its update time.</summary>
    Task AddTrustedCaAsync(AgencyCode code, TrustedCa ca, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a CRL as the agency's current one for its issuing CA, replacing an older or equally old one; false (and nothing
    /// written) when the stored CRL from that CA is newer (a concurrent publication won).
    /// </summary>
    Task<bool> TryPublishCrlAsync(AgencyCode code, AgencyCrl crl, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>Registered agencies below <paramref name="ancestor"/> (direct children, or all descendants), by code.</summary>
    Task<IReadOnlyList<Agency>> ListDescendantsAsync(
        AgencyCode ancestor, bool recursive, bool includeInactive, AgencyCode? afterCode, int limit, CancellationToken cancellationToken);

    // Documents

    Task<StoredDocument?> FindDocumentAsync(DocumentId id, CancellationToken cancellationToken);

    Task<StoredDocument?> FindDocumentByMessageIdAsync(AgencyCode sender, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// In one read: whether each of <paramref name="agencies"/> is registered and active, the document
    /// <paramref name="sender"/> first sent under <paramref name="messageId"/>, and the document stored under <paramref name="id"/>.
    /// </summary>
    Task<SendChecks> ReadSendChecksAsync(
        AgencyCode sender, string messageId, DocumentId id, IReadOnlyCollection<AgencyCode> agencies, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a whole send in one transaction: the document, its parts and route, one delivery state and one
    /// pending inbox entry per recipient, the audit event, and the <paramref name="contents"/> of parts held inline (kept
    /// once per SHA-256, read back by the blob store). The parts' other blobs must already be committed. When the send
    /// is not committed (a repeat or a taken document id), nothing of it is stored, its contents neither.
    /// </summary>
    Task<SendCommitResult> CommitSendAsync(
        StoredDocument document, AuditEventRecord audit, IReadOnlyList<InlineContent> contents, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a recipients change in one transaction (deliveries, inbox entries, audit event); false, with nothing
    /// written, when the document's current recipients are no longer <see cref="RecipientsChange.ExpectedRecipients"/>.
    /// A removed recipient no longer appears in <see cref="StoredDocument.Recipients"/>, its received listing or its
    /// delivery state; its statuses stay in the history. Re-adding it starts a fresh delivery.
    /// </summary>
    Task<bool> ChangeRecipientsAsync(RecipientsChange change, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>Commits an audit event that goes with no other change: a refusal the domain records (a conflicting repeat of a send).</summary>
    Task RecordEventAsync(AuditEventRecord audit, CancellationToken cancellationToken);

    // Inbox

    /// <summary>Unacknowledged entries with <paramref name="afterCursor"/> &lt; cursor ≤ <paramref name="upToCursor"/>, by cursor.</summary>
    Task<IReadOnlyList<InboxDelivery>> ReadPendingAsync(
        AgencyCode recipient, long afterCursor, long upToCursor, int limit, CancellationToken cancellationToken);

    /// <summary>All entries (acknowledged or not) with cursor &gt; <paramref name="afterCursor"/>, by cursor.</summary>
    Task<IReadOnlyList<InboxDelivery>> ReadInboxAfterAsync(
        AgencyCode recipient, long afterCursor, int limit, CancellationToken cancellationToken);

    // Statuses

    Task<DeliveryStateRecord?> FindDeliveryStateAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken);

    /// <summary>The document's sender and <paramref name="recipient"/>'s delivery state (null when not a current recipient); null when no such document.</summary>
    Task<DocumentDelivery?> FindDocumentDeliveryAsync(DocumentId id, AgencyCode recipient, CancellationToken cancellationToken);

    Task<StatusRecord?> FindStatusByMessageIdAsync(AgencyCode reporter, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a status in one transaction: moves the delivery state if it still has the expected version,
    /// acknowledges inbox entries, optionally enqueues a new inbox entry, and commits the audit event.
    /// </summary>
    Task<StatusAppendResult> AppendStatusAsync(StatusAppend append, AuditEventRecord audit, CancellationToken cancellationToken);

    /// <summary>Statuses of a document (optionally of one recipient), by sequence.</summary>
    Task<IReadOnlyList<StatusRecord>> GetStatusHistoryAsync(DocumentId id, AgencyCode? recipient, CancellationToken cancellationToken);

    /// <summary>Statuses about a sender's documents with sequence &gt; <paramref name="afterSequence"/>, by sequence.</summary>
    Task<IReadOnlyList<StatusRecord>> ReadSenderStatusesAsync(
        AgencyCode sender, long afterSequence, DocumentId? document, int limit, CancellationToken cancellationToken);

    // Listings (newest first)

    Task<IReadOnlyList<ListedDocument>> ListSentAsync(AgencyCode sender, DocumentListQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListedDocument>> ListReceivedAsync(AgencyCode recipient, DocumentListQuery query, CancellationToken cancellationToken);

    // Audit events

    /// <summary>Audit events with sequence ≥ <paramref name="fromSequence"/> (the first is 0), in sequence order.</summary>
    Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long fromSequence, int limit, CancellationToken cancellationToken);
}
