namespace DocExchange.Storage.Relational;

/// <summary>
/// Every statement the stores run on either engine (the schemas are per engine). Parameters only, never concatenated
/// values; a parameter that may be null is CAST in the SQL so that PostgreSQL knows its type. The few fragments that
/// differ come from the <see cref="SqlDialect"/>.
/// </summary>
internal sealed class RelationalSql(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    // Inline contents (stored and read by each dialect, see RelationalBlobStore)
    public const string SelectContentExists = "SELECT 1 FROM part_contents WHERE sha256 = @sha256";

    // Agencies
    private const string AgencyColumns = "code, name, active, address, email, telephone, fax, website, created_at, updated_at";
    public const string SelectAgency = $"SELECT {AgencyColumns} FROM agencies WHERE code = @code";
    public string SelectAgencyStanding { get; } = $"SELECT code, active FROM agencies WHERE {dialect.InList("code", "codes")}";
    public const string InsertAgency = """
        INSERT INTO agencies (code, parent_code, name, active, address, email, telephone, fax, website, created_at, updated_at)
        VALUES (@code, CAST(@parent AS TEXT), @name, @active, @address, @email, @telephone, @fax, @website, @created, @updated)
        ON CONFLICT (code) DO NOTHING
        """;
    public const string UpdateAgency = """
        UPDATE agencies SET name = @name, active = @active, address = @address, email = @email, telephone = @telephone,
            fax = @fax, website = @website, updated_at = @updated
        WHERE code = @code
        """;
    public const string SelectChildAgencies = $"""
        SELECT {AgencyColumns} FROM agencies
        WHERE parent_code = @ancestor AND (@includeInactive OR active) AND (CAST(@after AS TEXT) IS NULL OR code > CAST(@after AS TEXT))
        ORDER BY code LIMIT @limit
        """;
    // Descendants share the ancestor's set levels: @pattern has '_' for the levels below it (see LIKE).
    public const string SelectDescendantAgencies = $"""
        SELECT {AgencyColumns} FROM agencies
        WHERE code LIKE @pattern AND code <> @ancestor AND (@includeInactive OR active)
            AND (CAST(@after AS TEXT) IS NULL OR code > CAST(@after AS TEXT))
        ORDER BY code LIMIT @limit
        """;

    // Agency trust material
    public const string SelectTrustedCas = "SELECT der, sha256, subject, not_after FROM agency_trusted_cas WHERE agency_code = @code ORDER BY added_at, sha256";
    public const string InsertTrustedCa = """
        INSERT INTO agency_trusted_cas (agency_code, sha256, der, subject, not_after, added_at)
        VALUES (@code, @sha256, @der, @subject, @notAfter, @addedAt)
        ON CONFLICT DO NOTHING
        """;
    public const string SelectCrls = """
        SELECT der, issuer_sha256, issuer, this_update, next_update, revoked_count FROM agency_crls WHERE agency_code = @code ORDER BY issuer_sha256
        """;
    // Replaces the CA's stored CRL only when the new one is not older (RFC 5280 §5.1.2.4).
    public const string UpsertCrl = """
        INSERT INTO agency_crls (agency_code, issuer_sha256, issuer, der, this_update, next_update, revoked_count)
        VALUES (@code, @issuerSha256, @issuer, @der, @thisUpdate, CAST(@nextUpdate AS BIGINT), @revoked)
        ON CONFLICT (agency_code, issuer_sha256) DO UPDATE SET issuer = excluded.issuer, der = excluded.der,
            this_update = excluded.this_update, next_update = excluded.next_update, revoked_count = excluded.revoked_count
        WHERE excluded.this_update >= agency_crls.this_update
        """;
    public const string SelectPins = "SELECT sha256 FROM agency_pinned_thumbprints WHERE agency_code = @code ORDER BY sha256";
    public const string InsertPin = "INSERT INTO agency_pinned_thumbprints (agency_code, sha256) VALUES (@code, @sha256) ON CONFLICT DO NOTHING";
    public const string SelectAgenciesPinning = "SELECT agency_code FROM agency_pinned_thumbprints WHERE sha256 = @sha256 ORDER BY agency_code";
    public const string TouchAgency = "UPDATE agencies SET updated_at = @updated WHERE code = @code";

    // Documents
    private const string DocumentColumns =
        "position, document_id, sender_code, message_id, subject, business_type, referenced_document_id, header, validation, accepted_at";
    public const string SelectDocumentIdByMessageId = "SELECT document_id FROM documents WHERE sender_code = @sender AND message_id = @messageId";

    /// <summary>The documents a new send could clash with: the one under its (sender, message id), and the one under its id.</summary>
    public const string SelectSendClashes =
        "SELECT document_id FROM documents WHERE (sender_code = @sender AND message_id = @messageId) OR document_id = @id";

    private const string InsertDocumentRow = """
        INSERT INTO documents (document_id, sender_code, message_id, subject, business_type, referenced_document_id, header, validation, accepted_at)
        VALUES (@id, @sender, @messageId, @subject, @businessType, CAST(@referenced AS TEXT), @header, @validation, @acceptedAt)
        """;

    /// <summary>
    /// Inserts the document unless its id or (sender, message id) exists. A concurrent insert of the same key waits for
    /// the other transaction and then yields no row; the caller tells a repeated message id from a taken id. Where the
    /// engine commits with the last batch (<see cref="SqlDialect.CommitsWithLastBatch"/>) it returns nothing and a
    /// clash raises a unique violation on documents instead.
    /// </summary>
    public string InsertDocument { get; } = dialect.CommitsWithLastBatch ? InsertDocumentRow : $"{InsertDocumentRow} ON CONFLICT DO NOTHING RETURNING position";
    public const string InsertPart = """
        INSERT INTO document_parts (document_id, ordinal, part_id, kind, file_name, content_type, size, sha256)
        VALUES (@id, @ordinal, @partId, @kind, @fileName, @contentType, @size, @sha256)
        """;
    public const string InsertTraceHop = "INSERT INTO trace_hops (document_id, ordinal, organ_id, at) VALUES (@id, @ordinal, @organId, @at)";
    public const string InsertDelivery = """
        INSERT INTO deliveries (document_id, recipient_code, ordinal, stage, recall_pending, latest_status, version, removed_at)
        VALUES (@id, @recipient, @ordinal, 0, FALSE, NULL, 0, NULL)
        """;

    // Documents by id, with parts, recipients and route: one round trip for any number of ids (on PostgreSQL).
    public string SelectDocuments { get; } = $"SELECT {DocumentColumns} FROM documents WHERE {dialect.InList("document_id", "ids")}";
    public string SelectParts { get; } = $"""
        SELECT document_id, part_id, kind, file_name, content_type, size, sha256 FROM document_parts
        WHERE {dialect.InList("document_id", "ids")} ORDER BY document_id, ordinal
        """;
    // Current recipients: a removed one keeps its row (its statuses refer to it) with removed_at set.
    public string SelectRecipients { get; } = $"""
        SELECT document_id, recipient_code, stage FROM deliveries
        WHERE {dialect.InList("document_id", "ids")} AND removed_at IS NULL ORDER BY document_id, ordinal
        """;
    public string SelectTrace { get; } =
        $"SELECT document_id, organ_id, at FROM trace_hops WHERE {dialect.InList("document_id", "ids")} ORDER BY document_id, ordinal";

    // Recipient changes. The document row lock (where the engine has one) serialises changes of one document's
    // recipients; an added agency removed earlier gets a fresh delivery in its old row.
    public string LockDocumentRecipients { get; } = $"""
        SELECT recipient_code FROM deliveries
        WHERE document_id = (SELECT document_id FROM documents WHERE document_id = @id {dialect.ForUpdate}) AND removed_at IS NULL
        ORDER BY ordinal
        """;
    public const string AddDelivery = """
        INSERT INTO deliveries (document_id, recipient_code, ordinal, stage, recall_pending, latest_status, version, removed_at)
        VALUES (@id, @recipient, (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM deliveries WHERE document_id = @id), 0, FALSE, NULL, 0, NULL)
        ON CONFLICT (document_id, recipient_code) DO UPDATE SET
            ordinal = excluded.ordinal, stage = 0, recall_pending = FALSE, latest_status = NULL,
            version = deliveries.version + 1, removed_at = NULL
        """;
    public const string RemoveDelivery = """
        UPDATE deliveries SET removed_at = @at, version = version + 1
        WHERE document_id = @id AND recipient_code = @recipient AND removed_at IS NULL
        """;
    public const string CloseInboxEntries = """
        UPDATE inbox_entries SET acknowledged_at = @at
        WHERE document_id = @id AND recipient_code = @recipient AND acknowledged_at IS NULL
        """;
    /// <summary>An entry nothing can acknowledge (e.g. a removal notice): delivered once, never pending.</summary>
    public const string InsertInboxNotice = """
        INSERT INTO inbox_entries (recipient_code, document_id, kind, reason, delivered_at, acknowledged_at)
        VALUES (@recipient, @id, @kind, CAST(@reason AS TEXT), @at, @at)
        """;

    // Inbox
    private const string InboxColumns = "cursor, recipient_code, document_id, kind, reason, delivered_at, acknowledged_at";
    public const string InsertInboxEntry = """
        INSERT INTO inbox_entries (recipient_code, document_id, kind, reason, delivered_at, acknowledged_at)
        VALUES (@recipient, @id, @kind, CAST(@reason AS TEXT), @at, NULL)
        """;
    public const string SelectPendingInbox = $"""
        SELECT {InboxColumns} FROM inbox_entries
        WHERE recipient_code = @recipient AND acknowledged_at IS NULL AND cursor > @after AND cursor <= @upTo
        ORDER BY cursor LIMIT @limit
        """;
    public const string SelectInboxAfter = $"""
        SELECT {InboxColumns} FROM inbox_entries
        WHERE recipient_code = @recipient AND cursor > @after
        ORDER BY cursor LIMIT @limit
        """;
    public const string AcknowledgeInbox = """
        UPDATE inbox_entries SET acknowledged_at = @at
        WHERE document_id = @id AND recipient_code = @recipient AND kind = @kind AND acknowledged_at IS NULL
        """;

    // Statuses
    private const string StatusColumns = """
        sequence, document_id, sender_code, recipient_code, reporter_code, code, description, reported_at, recorded_at,
        staff_department, staff_name, staff_mobile, staff_email, message_id
        """;
    public const string SelectDeliveryState = """
        SELECT stage, recall_pending, version, latest_status FROM deliveries
        WHERE document_id = @id AND recipient_code = @recipient AND removed_at IS NULL
        """;
    public const string SelectDocumentDelivery = """
        SELECT d.sender_code, r.stage, r.recall_pending, r.version, r.latest_status FROM documents d
        LEFT JOIN deliveries r ON r.document_id = d.document_id AND r.recipient_code = @recipient AND r.removed_at IS NULL
        WHERE d.document_id = @id
        """;
    public const string UpdateDeliveryState = """
        UPDATE deliveries SET stage = @stage, recall_pending = @recallPending, latest_status = @code, version = version + 1
        WHERE document_id = @id AND recipient_code = @recipient AND version = @expectedVersion
        RETURNING version
        """;
    public const string SelectStatusByMessageId = $"SELECT {StatusColumns} FROM statuses WHERE reporter_code = @reporter AND message_id = @messageId";

    private const string InsertStatusRow = """
        INSERT INTO statuses (document_id, sender_code, recipient_code, reporter_code, code, description, reported_at, recorded_at,
            staff_department, staff_name, staff_mobile, staff_email, message_id)
        VALUES (@id, @sender, @recipient, @reporter, @code, @description, @reportedAt, @recordedAt,
            @department, @staff, @mobile, @email, CAST(@messageId AS TEXT))
        """;

    /// <summary>
    /// Returns the status's sequence, or no row when the reporter already used the message id (after waiting for a
    /// concurrent insert of it). Where the engine commits with the last batch that raises a unique violation on
    /// statuses instead.
    /// </summary>
    public string InsertStatus { get; } = dialect.CommitsWithLastBatch
        ? $"{InsertStatusRow} RETURNING sequence"
        : $"{InsertStatusRow} ON CONFLICT (reporter_code, message_id) WHERE message_id IS NOT NULL DO NOTHING RETURNING sequence";
    public const string SelectStatusHistory = $"""
        SELECT {StatusColumns} FROM statuses
        WHERE document_id = @id AND (CAST(@recipient AS TEXT) IS NULL OR recipient_code = CAST(@recipient AS TEXT))
        ORDER BY sequence
        """;
    public const string SelectSenderStatuses = $"""
        SELECT {StatusColumns} FROM statuses
        WHERE sender_code = @sender AND sequence > @after AND (CAST(@id AS TEXT) IS NULL OR document_id = CAST(@id AS TEXT))
        ORDER BY sequence LIMIT @limit
        """;

    // Listings (newest first; @until exclusive)
    public const string SelectSent = $"""
        SELECT {DocumentColumns}, CAST(NULL AS INTEGER) AS latest_status, CAST(NULL AS INTEGER) AS stage FROM documents
        WHERE sender_code = @agency AND (CAST(@before AS BIGINT) IS NULL OR position < CAST(@before AS BIGINT))
            AND (CAST(@since AS BIGINT) IS NULL OR accepted_at >= CAST(@since AS BIGINT))
            AND (CAST(@until AS BIGINT) IS NULL OR accepted_at < CAST(@until AS BIGINT))
        ORDER BY position DESC LIMIT @limit
        """;
    public const string SelectReceived = """
        SELECT d.position, d.document_id, d.sender_code, d.message_id, d.subject, d.business_type, d.referenced_document_id,
            d.header, d.validation, d.accepted_at, r.latest_status, r.stage
        FROM deliveries r JOIN documents d ON d.document_id = r.document_id
        WHERE r.recipient_code = @agency AND r.removed_at IS NULL AND (@includeRecalled OR r.stage <> @recalledStage)
            AND (CAST(@before AS BIGINT) IS NULL OR d.position < CAST(@before AS BIGINT))
            AND (CAST(@since AS BIGINT) IS NULL OR d.accepted_at >= CAST(@since AS BIGINT))
            AND (CAST(@until AS BIGINT) IS NULL OR d.accepted_at < CAST(@until AS BIGINT))
        ORDER BY d.position DESC LIMIT @limit
        """;

    // Audit events (the sequence is drawn by the dialect, see SqlDialect.DrawAuditSequence)
    public const string InsertAuditEvent = """
        INSERT INTO audit_events (sequence, occurred_at, actor_organ_id, actor_role, action, document_id, outcome, leaf)
        VALUES (@sequence, @at, @organId, @role, @action, @documentId, @outcome, @leaf)
        """;
    public const string InsertAuditEventAgency = "INSERT INTO audit_event_agencies (agency_code, sequence) VALUES (@agency, @sequence)";
    public const string SelectAuditLeaves = "SELECT sequence, leaf FROM audit_events WHERE sequence >= @from ORDER BY sequence LIMIT @limit";

    /// <summary>Which of @agencies audit_event_agencies lists for the event at @sequence: one key search each.</summary>
    public string SelectListedAuditAgencies { get; } =
        $"SELECT agency_code FROM audit_event_agencies WHERE sequence = @sequence AND {dialect.InList("agency_code", "agencies")}";

    // Merkle log
    public const string SelectTreeSize = "SELECT size FROM merkle_tree WHERE id = 0";

    /// <summary>Locks the size row (where the engine can) until the transaction ends, so one appender at a time checks and moves it.</summary>
    public string SelectTreeSizeForUpdate { get; } = $"SELECT size FROM merkle_tree WHERE id = 0 {dialect.ForUpdate}";
    public const string UpdateTreeSize = "UPDATE merkle_tree SET size = @size WHERE id = 0";

    // Checkpoints
    private const string CheckpointColumns = "body, signature, key_id, timestamp_token";
    public const string SelectCheckpointRootsOfSize = "SELECT root_hash FROM audit_checkpoints WHERE tree_size = @size";
    public const string InsertCheckpoint = """
        INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, body, signature, key_id, timestamp_token)
        VALUES (@size, @root, @at, @body, @signature, @keyId, @token)
        """;
    public const string SelectLatestCheckpoint = $"SELECT {CheckpointColumns} FROM audit_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1";
    public const string SelectCheckpointOfSize = $"SELECT {CheckpointColumns} FROM audit_checkpoints WHERE tree_size = @size ORDER BY id DESC LIMIT 1";
}
