namespace DocExchange.Storage.Sqlite;

/// <summary>
/// The SQLite schema as ordered migrations. Times are UTC ticks (INTEGER); hashes lowercase hex.
/// Recall, update and replace use the columns already here: deliveries.stage/recall_pending/removed_at,
/// inbox_entries.kind/reason, documents.business_type/referenced_document_id.
/// </summary>
public static class SqliteSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "exchange core", """
            CREATE TABLE agencies (
                code         TEXT PRIMARY KEY,
                parent_code  TEXT NULL,
                name         TEXT NOT NULL,
                active       INTEGER NOT NULL,
                address      TEXT NOT NULL,
                email        TEXT NOT NULL,
                telephone    TEXT NOT NULL,
                fax          TEXT NOT NULL,
                website      TEXT NOT NULL,
                created_at   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            );
            CREATE INDEX ix_agencies_parent ON agencies (parent_code, code);

            CREATE TABLE documents (
                position                INTEGER PRIMARY KEY AUTOINCREMENT,
                document_id             TEXT NOT NULL UNIQUE,
                sender_code             TEXT NOT NULL REFERENCES agencies (code),
                message_id              TEXT NOT NULL,
                subject                 TEXT NOT NULL,
                business_type           INTEGER NOT NULL,
                referenced_document_id  TEXT NULL,
                header                  BLOB NOT NULL,
                validation              BLOB NULL,
                accepted_at             INTEGER NOT NULL,
                UNIQUE (sender_code, message_id)
            );
            CREATE INDEX ix_documents_sender ON documents (sender_code, position);
            CREATE INDEX ix_documents_referenced ON documents (referenced_document_id) WHERE referenced_document_id IS NOT NULL;

            CREATE TABLE document_parts (
                document_id   TEXT NOT NULL REFERENCES documents (document_id),
                ordinal       INTEGER NOT NULL,
                part_id       TEXT NOT NULL,
                kind          INTEGER NOT NULL,
                file_name     TEXT NOT NULL,
                content_type  TEXT NOT NULL,
                size          INTEGER NOT NULL,
                sha256        TEXT NOT NULL,
                PRIMARY KEY (document_id, ordinal),
                UNIQUE (document_id, part_id)
            );
            CREATE INDEX ix_document_parts_sha256 ON document_parts (sha256);

            CREATE TABLE trace_hops (
                document_id  TEXT NOT NULL REFERENCES documents (document_id),
                ordinal      INTEGER NOT NULL,
                organ_id     TEXT NOT NULL,
                at           INTEGER NOT NULL,
                PRIMARY KEY (document_id, ordinal)
            );

            CREATE TABLE deliveries (
                document_id     TEXT NOT NULL REFERENCES documents (document_id),
                recipient_code  TEXT NOT NULL REFERENCES agencies (code),
                ordinal         INTEGER NOT NULL,
                stage           INTEGER NOT NULL,
                recall_pending  INTEGER NOT NULL,
                latest_status   INTEGER NULL,
                version         INTEGER NOT NULL,
                removed_at      INTEGER NULL,
                PRIMARY KEY (document_id, recipient_code)
            );
            CREATE INDEX ix_deliveries_recipient ON deliveries (recipient_code);

            CREATE TABLE inbox_entries (
                cursor           INTEGER PRIMARY KEY AUTOINCREMENT,
                recipient_code   TEXT NOT NULL,
                document_id      TEXT NOT NULL,
                kind             INTEGER NOT NULL,
                reason           TEXT NULL,
                delivered_at     INTEGER NOT NULL,
                acknowledged_at  INTEGER NULL,
                FOREIGN KEY (document_id, recipient_code) REFERENCES deliveries (document_id, recipient_code)
            );
            CREATE INDEX ix_inbox_recipient ON inbox_entries (recipient_code, cursor);
            CREATE INDEX ix_inbox_pending ON inbox_entries (recipient_code, cursor) WHERE acknowledged_at IS NULL;
            CREATE INDEX ix_inbox_delivery ON inbox_entries (document_id, recipient_code);

            CREATE TABLE statuses (
                sequence          INTEGER PRIMARY KEY AUTOINCREMENT,
                document_id       TEXT NOT NULL,
                sender_code       TEXT NOT NULL,
                recipient_code    TEXT NOT NULL,
                reporter_code     TEXT NOT NULL,
                code              INTEGER NOT NULL,
                description       TEXT NOT NULL,
                reported_at       INTEGER NOT NULL,
                recorded_at       INTEGER NOT NULL,
                staff_department  TEXT NOT NULL,
                staff_name        TEXT NOT NULL,
                staff_mobile      TEXT NOT NULL,
                staff_email       TEXT NOT NULL,
                message_id        TEXT NULL,
                FOREIGN KEY (document_id, recipient_code) REFERENCES deliveries (document_id, recipient_code)
            );
            CREATE UNIQUE INDEX ux_statuses_message ON statuses (reporter_code, message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX ix_statuses_sender ON statuses (sender_code, sequence);
            CREATE INDEX ix_statuses_document ON statuses (document_id, recipient_code, sequence);

            CREATE TABLE audit_outbox (
                sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
                occurred_at  INTEGER NOT NULL,
                actor        TEXT NOT NULL,
                action       TEXT NOT NULL,
                subject      TEXT NULL,
                outcome      TEXT NOT NULL,
                detail       TEXT NULL
            );
            """),
        new(2, "audit trail: events with leaves, merkle log, checkpoints", """
            -- The pre-release audit_outbox had no leaf bytes and 1-based sequences. Refuse to drop rows from it:
            -- the CHECK below fails (and the migration rolls back) if it holds any.
            CREATE TABLE legacy_audit_outbox_check (
                row_count INTEGER NOT NULL
                    CONSTRAINT audit_outbox_has_rows_from_a_pre_release_version_move_the_database_aside CHECK (row_count = 0)
            );
            INSERT INTO legacy_audit_outbox_check (row_count) SELECT COUNT(*) FROM audit_outbox;
            DROP TABLE legacy_audit_outbox_check;
            DROP TABLE audit_outbox;

            -- One row per event; sequence is the 0-based Merkle leaf index and leaf its canonical bytes
            -- (docs/AUDIT-FORMAT.md). The other columns only index the leaf for queries.
            CREATE TABLE audit_events (
                sequence        INTEGER PRIMARY KEY,
                occurred_at     INTEGER NOT NULL,
                actor_organ_id  TEXT NOT NULL,
                actor_role      TEXT NOT NULL,
                action          TEXT NOT NULL,
                document_id     TEXT NOT NULL,
                outcome         TEXT NOT NULL,
                leaf            BLOB NOT NULL
            );
            CREATE INDEX ix_audit_events_document ON audit_events (document_id, sequence) WHERE document_id <> '';
            CREATE INDEX ix_audit_events_action ON audit_events (action, sequence);
            CREATE INDEX ix_audit_events_time ON audit_events (occurred_at);

            -- The agencies an event concerns: its actor and its recipients.
            CREATE TABLE audit_event_agencies (
                agency_code  TEXT NOT NULL,
                sequence     INTEGER NOT NULL,
                PRIMARY KEY (agency_code, sequence)
            ) WITHOUT ROWID;

            -- Complete subtrees of the RFC 9162 log (level 0 = leaf hashes) and its size.
            CREATE TABLE merkle_nodes (
                level       INTEGER NOT NULL,
                node_index  INTEGER NOT NULL,
                hash        BLOB NOT NULL,
                PRIMARY KEY (level, node_index)
            ) WITHOUT ROWID;
            CREATE TABLE merkle_tree (
                id    INTEGER PRIMARY KEY CHECK (id = 0),
                size  INTEGER NOT NULL
            );
            INSERT INTO merkle_tree (id, size) VALUES (0, 0);

            CREATE TABLE audit_checkpoints (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                tree_size  INTEGER NOT NULL,
                root_hash  BLOB NOT NULL,
                signed_at  INTEGER NOT NULL,
                body       BLOB NOT NULL,
                signature  BLOB NOT NULL,
                key_id     BLOB NOT NULL
            );
            CREATE INDEX ix_audit_checkpoints_size ON audit_checkpoints (tree_size, id);
            """),
        new(3, "audit checkpoints: optional RFC 3161 timestamp token", """
            ALTER TABLE audit_checkpoints ADD COLUMN timestamp_token BLOB NULL;
            """),
        new(4, "registry: trusted CAs, CRLs and pinned thumbprints of each agency", """
            CREATE TABLE agency_trusted_cas (
                agency_code  TEXT NOT NULL REFERENCES agencies (code),
                sha256       BLOB NOT NULL,
                der          BLOB NOT NULL,
                subject      TEXT NOT NULL,
                not_after    INTEGER NOT NULL,
                added_at     INTEGER NOT NULL,
                PRIMARY KEY (agency_code, sha256)
            ) WITHOUT ROWID;

            -- The current CRL of each trusted CA (a newer one replaces it).
            CREATE TABLE agency_crls (
                agency_code     TEXT NOT NULL,
                issuer_sha256   BLOB NOT NULL,
                issuer          TEXT NOT NULL,
                der             BLOB NOT NULL,
                this_update     INTEGER NOT NULL,
                next_update     INTEGER NULL,
                revoked_count   INTEGER NOT NULL,
                PRIMARY KEY (agency_code, issuer_sha256),
                FOREIGN KEY (agency_code, issuer_sha256) REFERENCES agency_trusted_cas (agency_code, sha256)
            ) WITHOUT ROWID;

            CREATE TABLE agency_pinned_thumbprints (
                agency_code  TEXT NOT NULL REFERENCES agencies (code),
                sha256       BLOB NOT NULL,
                PRIMARY KEY (agency_code, sha256)
            ) WITHOUT ROWID;
            """),
        // A client certificate without a SAN URI is looked up by its thumbprint on every cache miss; the key above
        // starts with the agency, so that lookup scanned every pin.
        new(5, "registry: pinned thumbprints found by thumbprint", """
            CREATE INDEX agency_pinned_thumbprints_by_sha256 ON agency_pinned_thumbprints (sha256);
            """),
        // Every index is a b-tree whose changed pages a commit writes whole to the WAL. No statement reads parts by
        // hash or documents by the document they reference; and the audit query's filters are optional
        // ("@x IS NULL OR column = @x"), which SQLite cannot drive an index with, so it walks the events from @from by
        // sequence and never used the three audit_events indexes (EXPLAIN QUERY PLAN). A route hop is only ever read
        // by its key, so trace_hops keeps its rows in its key's b-tree (WITHOUT ROWID) instead of a rowid table beside
        // a key index: one b-tree written per hop instead of two. No table refers to trace_hops, so it is rebuilt as is.
        new(6, "fewer pages written per document: drop the indexes no statement uses, route hops kept by their key", """
            DROP INDEX ix_document_parts_sha256;
            DROP INDEX ix_documents_referenced;
            DROP INDEX ix_audit_events_document;
            DROP INDEX ix_audit_events_action;
            DROP INDEX ix_audit_events_time;

            CREATE TABLE trace_hops_by_key (
                document_id  TEXT NOT NULL REFERENCES documents (document_id),
                ordinal      INTEGER NOT NULL,
                organ_id     TEXT NOT NULL,
                at           INTEGER NOT NULL,
                PRIMARY KEY (document_id, ordinal)
            ) WITHOUT ROWID;
            INSERT INTO trace_hops_by_key (document_id, ordinal, organ_id, at) SELECT document_id, ordinal, organ_id, at FROM trace_hops;
            DROP TABLE trace_hops;
            ALTER TABLE trace_hops_by_key RENAME TO trace_hops;
            """),
        // Small parts' content, stored in the send's transaction instead of a blob file (see Relational.RelationalBlobStore).
        new(7, "inline contents of small parts", """
            CREATE TABLE part_contents (
                sha256   TEXT PRIMARY KEY,
                content  BLOB NOT NULL
            );
            """),
        // The audit query is now composed from the filters given (Relational.AuditQuerySql), so a filter can drive an
        // index: each shape searches the one of its driving filter instead of walking every event from its first
        // sequence. The agencies come from audit_event_agencies' key (agency, sequence), searched for those the leaf
        // names, so that table needs no second index. Each index costs a page or more per event written
        // (bench/OPTIMISATIONS.md, "Audit queries through an index").
        new(8, "audit queries through an index: events by document, by action and by time", """
            CREATE INDEX ix_audit_events_document ON audit_events (document_id, sequence) WHERE document_id <> '';
            CREATE INDEX ix_audit_events_action ON audit_events (action, sequence);
            CREATE INDEX ix_audit_events_time ON audit_events (occurred_at, sequence);
            """),
    ];
}
