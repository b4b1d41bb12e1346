namespace DocExchange.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as ordered migrations, the same tables as SQLite's. Times are UTC ticks (bigint) so that a
/// value reads back exactly (timestamptz keeps microseconds only); hashes are lowercase hex; codes sort bytewise
/// (COLLATE "C") whatever the database's locale, so keyset pages follow one order on every deployment.
/// Cursors and status sequences are identity columns with the default CACHE 1 (one shared counter, never per-session
/// blocks); audit sequences come from the audit_counter row, which rolls back with its transaction, so they have no
/// gaps. All three are drawn under the commit-order lock (see <see cref="PostgresSql.LockCommitOrder"/>).
/// </summary>
public static class PostgresSchema
{
    public static IReadOnlyList<PostgresMigration> Migrations { get; } =
    [
        new(1, "exchange core", """
            CREATE TABLE agencies (
                code         text COLLATE "C" PRIMARY KEY,
                parent_code  text COLLATE "C" NULL,
                name         text NOT NULL,
                active       boolean NOT NULL,
                address      text NOT NULL,
                email        text NOT NULL,
                telephone    text NOT NULL,
                fax          text NOT NULL,
                website      text NOT NULL,
                created_at   bigint NOT NULL,
                updated_at   bigint NOT NULL
            );
            CREATE INDEX ix_agencies_parent ON agencies (parent_code, code);

            CREATE TABLE documents (
                position                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                document_id             text COLLATE "C" NOT NULL,
                sender_code             text COLLATE "C" NOT NULL REFERENCES agencies (code),
                message_id              text COLLATE "C" NOT NULL,
                subject                 text NOT NULL,
                business_type           integer NOT NULL,
                referenced_document_id  text COLLATE "C" NULL,
                header                  bytea NOT NULL,
                validation              bytea NULL,
                accepted_at             bigint NOT NULL,
                CONSTRAINT ux_documents_id UNIQUE (document_id),
                CONSTRAINT ux_documents_message UNIQUE (sender_code, message_id)
            );
            CREATE INDEX ix_documents_sender ON documents (sender_code, position);
            CREATE INDEX ix_documents_referenced ON documents (referenced_document_id) WHERE referenced_document_id IS NOT NULL;

            CREATE TABLE document_parts (
                document_id   text COLLATE "C" NOT NULL REFERENCES documents (document_id),
                ordinal       integer NOT NULL,
                part_id       text NOT NULL,
                kind          integer NOT NULL,
                file_name     text NOT NULL,
                content_type  text NOT NULL,
                size          bigint NOT NULL,
                sha256        text COLLATE "C" NOT NULL,
                PRIMARY KEY (document_id, ordinal),
                UNIQUE (document_id, part_id)
            );
            CREATE INDEX ix_document_parts_sha256 ON document_parts (sha256);

            CREATE TABLE trace_hops (
                document_id  text COLLATE "C" NOT NULL REFERENCES documents (document_id),
                ordinal      integer NOT NULL,
                organ_id     text COLLATE "C" NOT NULL,
                at           bigint NOT NULL,
                PRIMARY KEY (document_id, ordinal)
            );

            CREATE TABLE deliveries (
                document_id     text COLLATE "C" NOT NULL REFERENCES documents (document_id),
                recipient_code  text COLLATE "C" NOT NULL REFERENCES agencies (code),
                ordinal         integer NOT NULL,
                stage           integer NOT NULL,
                recall_pending  boolean NOT NULL,
                latest_status   integer NULL,
                version         bigint NOT NULL,
                removed_at      bigint NULL,
                PRIMARY KEY (document_id, recipient_code)
            );
            CREATE INDEX ix_deliveries_recipient ON deliveries (recipient_code);

            CREATE TABLE inbox_entries (
                cursor           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                recipient_code   text COLLATE "C" NOT NULL,
                document_id      text COLLATE "C" NOT NULL,
                kind             integer NOT NULL,
                reason           text NULL,
                delivered_at     bigint NOT NULL,
                acknowledged_at  bigint NULL,
                FOREIGN KEY (document_id, recipient_code) REFERENCES deliveries (document_id, recipient_code)
            );
            CREATE INDEX ix_inbox_recipient ON inbox_entries (recipient_code, cursor);
            CREATE INDEX ix_inbox_pending ON inbox_entries (recipient_code, cursor) WHERE acknowledged_at IS NULL;
            CREATE INDEX ix_inbox_delivery ON inbox_entries (document_id, recipient_code);

            CREATE TABLE statuses (
                sequence          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                document_id       text COLLATE "C" NOT NULL,
                sender_code       text COLLATE "C" NOT NULL,
                recipient_code    text COLLATE "C" NOT NULL,
                reporter_code     text COLLATE "C" NOT NULL,
                code              integer NOT NULL,
                description       text NOT NULL,
                reported_at       bigint NOT NULL,
                recorded_at       bigint NOT NULL,
                staff_department  text NOT NULL,
                staff_name        text NOT NULL,
                staff_mobile      text NOT NULL,
                staff_email       text NOT NULL,
                message_id        text COLLATE "C" NULL,
                FOREIGN KEY (document_id, recipient_code) REFERENCES deliveries (document_id, recipient_code)
            );
            CREATE UNIQUE INDEX ux_statuses_message ON statuses (reporter_code, message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX ix_statuses_sender ON statuses (sender_code, sequence);
            CREATE INDEX ix_statuses_document ON statuses (document_id, recipient_code, sequence);

            CREATE TABLE audit_outbox (
                sequence     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                occurred_at  bigint NOT NULL,
                actor        text NOT NULL,
                action       text NOT NULL,
                subject      text NULL,
                outcome      text NOT NULL,
                detail       text NULL
            );
            """),
        new(2, "audit trail: events with leaves, merkle log, checkpoints", """
            -- The pre-release audit_outbox had no leaf bytes and 1-based sequences: refuse to drop rows from it.
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM audit_outbox) THEN
                    RAISE EXCEPTION 'audit_outbox has rows from a pre-release version: move the database aside (its events cannot enter the audit trail)';
                END IF;
            END
            $$;
            DROP TABLE audit_outbox;

            -- The next audit sequence. Drawn under the commit-order lock and rolled back with its transaction, so
            -- sequences stay contiguous (an identity column would leave a gap for every rolled-back write).
            CREATE TABLE audit_counter (
                id    integer PRIMARY KEY CHECK (id = 0),
                next  bigint NOT NULL
            );
            INSERT INTO audit_counter (id, next) VALUES (0, 0);

            -- One row per event; sequence is the 0-based Merkle leaf index and leaf its canonical bytes
            -- (docs/AUDIT-FORMAT.md). The other columns only index the leaf for queries.
            CREATE TABLE audit_events (
                sequence        bigint PRIMARY KEY,
                occurred_at     bigint NOT NULL,
                actor_organ_id  text COLLATE "C" NOT NULL,
                actor_role      text COLLATE "C" NOT NULL,
                action          text COLLATE "C" NOT NULL,
                document_id     text COLLATE "C" NOT NULL,
                outcome         text COLLATE "C" NOT NULL,
                leaf            bytea NOT NULL
            );
            CREATE INDEX ix_audit_events_document ON audit_events (document_id, sequence) WHERE document_id <> '';
            CREATE INDEX ix_audit_events_action ON audit_events (action, sequence);
            CREATE INDEX ix_audit_events_time ON audit_events (occurred_at);

            -- The agencies an event concerns: its actor and its recipients.
            CREATE TABLE audit_event_agencies (
                agency_code  text COLLATE "C" NOT NULL,
                sequence     bigint NOT NULL,
                PRIMARY KEY (agency_code, sequence)
            );

            -- Complete subtrees of the RFC 9162 log (level 0 = leaf hashes) and its size.
            CREATE TABLE merkle_nodes (
                level       integer NOT NULL,
                node_index  bigint NOT NULL,
                hash        bytea NOT NULL,
                PRIMARY KEY (level, node_index)
            );
            CREATE TABLE merkle_tree (
                id    integer PRIMARY KEY CHECK (id = 0),
                size  bigint NOT NULL
            );
            INSERT INTO merkle_tree (id, size) VALUES (0, 0);

            CREATE TABLE audit_checkpoints (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tree_size  bigint NOT NULL,
                root_hash  bytea NOT NULL,
                signed_at  bigint NOT NULL,
                body       bytea NOT NULL,
                signature  bytea NOT NULL,
                key_id     bytea NOT NULL
            );
            CREATE INDEX ix_audit_checkpoints_size ON audit_checkpoints (tree_size, id);
            """),
        new(3, "audit checkpoints: optional RFC 3161 timestamp token", """
            ALTER TABLE audit_checkpoints ADD COLUMN timestamp_token bytea NULL;
            """),
        new(4, "registry: trusted CAs, CRLs and pinned thumbprints of each agency", """
            CREATE TABLE agency_trusted_cas (
                agency_code  text COLLATE "C" NOT NULL REFERENCES agencies (code),
                sha256       bytea NOT NULL,
                der          bytea NOT NULL,
                subject      text COLLATE "C" NOT NULL,
                not_after    bigint NOT NULL,
                added_at     bigint NOT NULL,
                PRIMARY KEY (agency_code, sha256)
            );

            -- The current CRL of each trusted CA (a newer one replaces it).
            CREATE TABLE agency_crls (
                agency_code     text COLLATE "C" NOT NULL,
                issuer_sha256   bytea NOT NULL,
                issuer          text COLLATE "C" NOT NULL,
                der             bytea NOT NULL,
                this_update     bigint NOT NULL,
                next_update     bigint NULL,
                revoked_count   bigint NOT NULL,
                PRIMARY KEY (agency_code, issuer_sha256),
                FOREIGN KEY (agency_code, issuer_sha256) REFERENCES agency_trusted_cas (agency_code, sha256)
            );

            CREATE TABLE agency_pinned_thumbprints (
                agency_code  text COLLATE "C" NOT NULL REFERENCES agencies (code),
                sha256       bytea NOT NULL,
                PRIMARY KEY (agency_code, sha256)
            );
            """),
        // A client certificate without a SAN URI is looked up by its thumbprint on every cache miss; the key above
        // starts with the agency, so that lookup scanned every pin.
        new(5, "registry: pinned thumbprints found by thumbprint", """
            CREATE INDEX agency_pinned_thumbprints_by_sha256 ON agency_pinned_thumbprints (sha256);
            """),
        // No statement reads parts by hash or documents by the document they reference, yet every insert updated
        // both. (The audit_events indexes stay here: with the audit query's optional filters known, a custom plan
        // can use them, which SQLite's planner cannot.)
        new(6, "fewer pages written per document: drop the indexes no statement uses", """
            DROP INDEX ix_document_parts_sha256;
            DROP INDEX ix_documents_referenced;
            """),
        // Small parts' content, stored in the send's transaction instead of a blob file (see Relational.RelationalBlobStore).
        // EXTERNAL: kept out of line uncompressed; PDFs are compressed already, so trying again only costs CPU.
        new(7, "inline contents of small parts", """
            CREATE TABLE part_contents (
                sha256   text COLLATE "C" PRIMARY KEY,
                content  bytea NOT NULL
            );
            ALTER TABLE part_contents ALTER COLUMN content SET STORAGE EXTERNAL;
            """),
    ];
}
