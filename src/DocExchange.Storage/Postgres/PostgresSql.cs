namespace DocExchange.Storage.Postgres;

/// <summary>
/// Every statement the PostgreSQL store runs (the schema is in <see cref="PostgresSchema"/>). Parameters only, never
/// concatenated values; a parameter that may be null is cast in the SQL so that PostgreSQL knows its type.
/// </summary>
internal static class PostgresSql
{
    // Advisory lock keys (two int4 halves): 0x44580000 spells "DX".
    private const string LockSpace = "1146617856";

    // Migrations. Held for the whole transaction of each migration step, so concurrent start-ups apply each step once.
    public const string LockMigrations = $"SELECT pg_advisory_xact_lock({LockSpace}, 1)";
    public const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer PRIMARY KEY,
            name        text NOT NULL,
            applied_at  bigint NOT NULL
        )
        """;
    public const string SelectMigrationVersions = "SELECT version FROM schema_migrations ORDER BY version";
    public const string InsertMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)";

    /// <summary>
    /// Commit order. A subscriber resumes "after cursor N" and an audit reader "after sequence N", so cursor and
    /// sequence values must become visible in increasing order. A plain sequence does not ensure that: T1 takes
    /// cursor 5, T2 takes 6 and commits first, a subscriber reads 6 and moves past 5, then T1 commits and 5 is never
    /// read. So every write transaction does its other work first and then, as its last statements, takes this
    /// transaction-scoped advisory lock and only then inserts the rows that draw cursors and sequences (inbox entries,
    /// statuses, the audit event) and NOTIFYs. The lock is released only after the commit is visible (PostgreSQL
    /// leaves the proc array before releasing locks), so the next holder draws larger values and commits later:
    /// value order == commit order across every server instance sharing the database. One lock covers all three
    /// counters, since every write also appends an audit event, which needs one total order anyway. The price is
    /// that writers serialise over their last two round trips (the audit leaf needs its sequence) and their commit
    /// flush; the heavy part of a send (blobs, document, parts, deliveries) stays outside it. It cannot deadlock: after
    /// the lock a transaction only updates the audit_counter row and inserts rows with fresh keys, and the counter row
    /// and the one unique key it may meet (a status message id) are only ever written under this lock, so their
    /// earlier holder has already committed or rolled back.
    /// </summary>
    public const string LockCommitOrder = $"SELECT pg_advisory_xact_lock({LockSpace}, 2)";

    /// <summary>Wakes LISTENers of each channel when (and only if) the transaction commits.</summary>
    public const string Notify = "SELECT count(pg_notify(channel, '')) FROM unnest(@channels::text[]) AS channel";

    // Agencies
    private const string AgencyColumns = "code, name, active, address, email, telephone, fax, website, created_at, updated_at";
    public const string SelectAgency = $"SELECT {AgencyColumns} FROM agencies WHERE code = @code";
    public const string InsertAgency = """
        INSERT INTO agencies (code, parent_code, name, active, address, email, telephone, fax, website, created_at, updated_at)
        VALUES (@code, @parent::text, @name, @active, @address, @email, @telephone, @fax, @website, @created, @updated)
        ON CONFLICT (code) DO NOTHING
        """;
    public const string UpdateAgency = """
        UPDATE agencies SET name = @name, active = @active, address = @address, email = @email, telephone = @telephone,
            fax = @fax, website = @website, updated_at = @updated
        WHERE code = @code
        """;
    public const string SelectChildAgencies = $"""
        SELECT {AgencyColumns} FROM agencies
        WHERE parent_code = @ancestor AND (@includeInactive OR active) AND (@after::text IS NULL OR code > @after::text)
        ORDER BY code LIMIT @limit
        """;
    // Descendants share the ancestor's set levels: @pattern has '_' for the levels below it (see LIKE).
    public const string SelectDescendantAgencies = $"""
        SELECT {AgencyColumns} FROM agencies
        WHERE code LIKE @pattern AND code <> @ancestor AND (@includeInactive OR active) AND (@after::text IS NULL OR code > @after::text)
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
        VALUES (@code, @issuerSha256, @issuer, @der, @thisUpdate, @nextUpdate::bigint, @revoked)
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

    /// <summary>
    /// Inserts the document unless its id or (sender, message id) exists. A concurrent insert of the same key waits for
    /// the other transaction and then yields no row; the caller tells a repeated message id from a taken id.
    /// </summary>
    public const string InsertDocument = """
        INSERT INTO documents (document_id, sender_code, message_id, subject, business_type, referenced_document_id, header, validation, accepted_at)
        VALUES (@id, @sender, @messageId, @subject, @businessType, @referenced::text, @header, @validation::bytea, @acceptedAt)
        ON CONFLICT DO NOTHING
        RETURNING position
        """;
    public const string InsertParts = """
        INSERT INTO document_parts (document_id, ordinal, part_id, kind, file_name, content_type, size, sha256)
        SELECT @id, p.ordinal - 1, p.part_id, p.kind, p.file_name, p.content_type, p.size, p.sha256
        FROM unnest(@partIds::text[], @kinds::integer[], @fileNames::text[], @contentTypes::text[], @sizes::bigint[], @hashes::text[])
            WITH ORDINALITY AS p (part_id, kind, file_name, content_type, size, sha256, ordinal)
        """;
    public const string InsertTraceHops = """
        INSERT INTO trace_hops (document_id, ordinal, organ_id, at)
        SELECT @id, h.ordinal - 1, h.organ_id, h.at
        FROM unnest(@organIds::text[], @ats::bigint[]) WITH ORDINALITY AS h (organ_id, at, ordinal)
        """;
    public const string InsertDeliveries = """
        INSERT INTO deliveries (document_id, recipient_code, ordinal, stage, recall_pending, latest_status, version, removed_at)
        SELECT @id, r.recipient_code, r.ordinal - 1, 0, false, NULL, 0, NULL
        FROM unnest(@recipients::text[]) WITH ORDINALITY AS r (recipient_code, ordinal)
        """;

    // Documents by id, with parts, recipients and route: one round trip for any number of ids.
    public const string SelectDocuments = $"SELECT {DocumentColumns} FROM documents WHERE document_id = ANY(@ids)";
    public const string SelectParts = """
        SELECT document_id, part_id, kind, file_name, content_type, size, sha256 FROM document_parts
        WHERE document_id = ANY(@ids) ORDER BY document_id, ordinal
        """;
    public const string SelectRecipients = """
        SELECT document_id, recipient_code, stage FROM deliveries
        WHERE document_id = ANY(@ids) AND removed_at IS NULL ORDER BY document_id, ordinal
        """;
    public const string SelectTrace = "SELECT document_id, organ_id, at FROM trace_hops WHERE document_id = ANY(@ids) ORDER BY document_id, ordinal";

    // Recipient changes. The document row lock serialises changes of one document's recipients; an added agency
    // removed earlier gets a fresh delivery in its old row.
    public const string LockDocumentRecipients = """
        SELECT recipient_code FROM deliveries
        WHERE document_id = (SELECT document_id FROM documents WHERE document_id = @id FOR UPDATE) AND removed_at IS NULL
        ORDER BY ordinal
        """;
    public const string AddDeliveries = """
        INSERT INTO deliveries (document_id, recipient_code, ordinal, stage, recall_pending, latest_status, version, removed_at)
        SELECT @id, r.recipient_code, (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM deliveries WHERE document_id = @id) + r.ordinal - 1,
            0, false, NULL, 0, NULL
        FROM unnest(@recipients::text[]) WITH ORDINALITY AS r (recipient_code, ordinal)
        ON CONFLICT (document_id, recipient_code) DO UPDATE SET
            ordinal = EXCLUDED.ordinal, stage = 0, recall_pending = false, latest_status = NULL,
            version = deliveries.version + 1, removed_at = NULL
        """;
    public const string RemoveDeliveries = """
        UPDATE deliveries SET removed_at = @at, version = version + 1
        WHERE document_id = @id AND recipient_code = ANY(@recipients) AND removed_at IS NULL
        """;
    public const string CloseInboxEntries = """
        UPDATE inbox_entries SET acknowledged_at = @at
        WHERE document_id = @id AND recipient_code = ANY(@recipients) AND acknowledged_at IS NULL
        """;
    /// <summary>Entries nothing can acknowledge (e.g. a removal notice): delivered once, never pending.</summary>
    public const string InsertInboxNotices = """
        INSERT INTO inbox_entries (recipient_code, document_id, kind, reason, delivered_at, acknowledged_at)
        SELECT r.recipient_code, @id, @kind, @reason::text, @at, @at
        FROM unnest(@recipients::text[]) WITH ORDINALITY AS r (recipient_code, ordinal)
        ORDER BY r.ordinal
        """;

    // Inbox
    private const string InboxColumns = "cursor, recipient_code, document_id, kind, reason, delivered_at, acknowledged_at";
    public const string InsertInboxEntries = """
        INSERT INTO inbox_entries (recipient_code, document_id, kind, reason, delivered_at, acknowledged_at)
        SELECT r.recipient_code, @id, @kind, @reason::text, @at, NULL
        FROM unnest(@recipients::text[]) WITH ORDINALITY AS r (recipient_code, ordinal)
        ORDER BY r.ordinal
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
        WHERE document_id = @id AND recipient_code = @recipient AND kind = ANY(@kinds) AND acknowledged_at IS NULL
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
    public const string UpdateDeliveryState = """
        UPDATE deliveries SET stage = @stage, recall_pending = @recallPending, latest_status = @code, version = version + 1
        WHERE document_id = @id AND recipient_code = @recipient AND version = @expectedVersion
        """;
    public const string SelectStatusByMessageId = $"SELECT {StatusColumns} FROM statuses WHERE reporter_code = @reporter AND message_id = @messageId";

    /// <summary>Yields no row when the reporter already used the message id (after waiting for a concurrent insert of it).</summary>
    public const string InsertStatus = """
        INSERT INTO statuses (document_id, sender_code, recipient_code, reporter_code, code, description, reported_at, recorded_at,
            staff_department, staff_name, staff_mobile, staff_email, message_id)
        VALUES (@id, @sender, @recipient, @reporter, @code, @description, @reportedAt, @recordedAt,
            @department, @staff, @mobile, @email, @messageId::text)
        ON CONFLICT (reporter_code, message_id) WHERE message_id IS NOT NULL DO NOTHING
        RETURNING sequence
        """;
    public const string SelectStatusHistory = $"""
        SELECT {StatusColumns} FROM statuses
        WHERE document_id = @id AND (@recipient::text IS NULL OR recipient_code = @recipient::text)
        ORDER BY sequence
        """;
    public const string SelectSenderStatuses = $"""
        SELECT {StatusColumns} FROM statuses
        WHERE sender_code = @sender AND sequence > @after AND (@id::text IS NULL OR document_id = @id::text)
        ORDER BY sequence LIMIT @limit
        """;

    // Listings (newest first; @until exclusive)
    public const string SelectSent = $"""
        SELECT {DocumentColumns}, NULL::integer AS latest_status, NULL::integer AS stage FROM documents
        WHERE sender_code = @agency AND (@before::bigint IS NULL OR position < @before::bigint)
            AND (@since::bigint IS NULL OR accepted_at >= @since::bigint) AND (@until::bigint IS NULL OR accepted_at < @until::bigint)
        ORDER BY position DESC LIMIT @limit
        """;
    public const string SelectReceived = """
        SELECT d.position, d.document_id, d.sender_code, d.message_id, d.subject, d.business_type, d.referenced_document_id,
            d.header, d.validation, d.accepted_at, r.latest_status, r.stage
        FROM deliveries r JOIN documents d ON d.document_id = r.document_id
        WHERE r.recipient_code = @agency AND r.removed_at IS NULL AND (@includeRecalled OR r.stage <> @recalledStage)
            AND (@before::bigint IS NULL OR d.position < @before::bigint)
            AND (@since::bigint IS NULL OR d.accepted_at >= @since::bigint) AND (@until::bigint IS NULL OR d.accepted_at < @until::bigint)
        ORDER BY d.position DESC LIMIT @limit
        """;

    // Audit events (written after LockCommitOrder: the counter row is the sequence, see PostgresSchema)
    public const string DrawAuditSequence = "UPDATE audit_counter SET next = next + 1 WHERE id = 0 RETURNING next - 1";
    public const string NextAuditSequence = "SELECT next FROM audit_counter WHERE id = 0";
    public const string InsertAuditEvent = """
        INSERT INTO audit_events (sequence, occurred_at, actor_organ_id, actor_role, action, document_id, outcome, leaf)
        VALUES (@sequence, @at, @organId, @role, @action, @documentId, @outcome, @leaf)
        """;
    public const string InsertAuditEventAgencies = """
        INSERT INTO audit_event_agencies (agency_code, sequence) SELECT DISTINCT a, @sequence FROM unnest(@agencies::text[]) AS a
        """;
    public const string SelectAuditLeaves = "SELECT sequence, leaf FROM audit_events WHERE sequence >= @from ORDER BY sequence LIMIT @limit";
    public const string QueryAuditLeaves = """
        SELECT e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome,
            ARRAY(SELECT a.agency_code FROM audit_event_agencies a WHERE a.sequence = e.sequence)
        FROM audit_events e
        WHERE e.sequence >= @from
            AND (@documentId::text IS NULL OR e.document_id = @documentId::text)
            AND (@agency::text IS NULL OR EXISTS (
                SELECT 1 FROM audit_event_agencies a WHERE a.agency_code = @agency::text AND a.sequence = e.sequence))
            AND (@actions::text[] IS NULL OR e.action = ANY(@actions::text[]))
            AND (@since::bigint IS NULL OR e.occurred_at >= @since::bigint)
            AND (@until::bigint IS NULL OR e.occurred_at < @until::bigint)
        ORDER BY e.sequence LIMIT @limit
        """;

    // Merkle log
    public const string SelectTreeSize = "SELECT size FROM merkle_tree WHERE id = 0";

    /// <summary>Locks the size row until the transaction ends, so one appender at a time checks and moves it.</summary>
    public const string SelectTreeSizeForUpdate = "SELECT size FROM merkle_tree WHERE id = 0 FOR UPDATE";
    public const string UpdateTreeSize = "UPDATE merkle_tree SET size = @size WHERE id = 0";
    public const string SelectMerkleNodes = """
        SELECT n.level, n.node_index, n.hash FROM merkle_nodes n
        JOIN unnest(@levels::integer[], @indexes::bigint[]) AS k (level, node_index) ON n.level = k.level AND n.node_index = k.node_index
        """;
    public const string InsertMerkleNodes = """
        INSERT INTO merkle_nodes (level, node_index, hash) SELECT * FROM unnest(@levels::integer[], @indexes::bigint[], @hashes::bytea[])
        """;

    // Checkpoints. Saving holds this lock, so two instances cannot both store a different root for one size.
    public const string LockCheckpoints = $"SELECT pg_advisory_xact_lock({LockSpace}, 3)";
    private const string CheckpointColumns = "body, signature, key_id, timestamp_token";
    public const string SelectCheckpointRootsOfSize = "SELECT root_hash FROM audit_checkpoints WHERE tree_size = @size";
    public const string InsertCheckpoint = """
        INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, body, signature, key_id, timestamp_token)
        VALUES (@size, @root, @at, @body, @signature, @keyId, @token)
        """;
    public const string SelectLatestCheckpoint = $"SELECT {CheckpointColumns} FROM audit_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1";
    public const string SelectCheckpointOfSize = $"SELECT {CheckpointColumns} FROM audit_checkpoints WHERE tree_size = @size ORDER BY id DESC LIMIT 1";
}
