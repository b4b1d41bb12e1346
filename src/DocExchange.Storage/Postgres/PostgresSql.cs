namespace DocExchange.Storage.Postgres;

/// <summary>
/// The statements only PostgreSQL runs: migrations, its locks, the audit counter, notifications and bulk Merkle
/// statements (the schema is in <see cref="PostgresSchema"/>; the rest is shared, see <see cref="Relational.RelationalSql"/>).
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
    /// that writers serialise over the end of their last round trip: the lock, the draws, the audit event (whose leaf
    /// takes its sequence in SQL, see <see cref="InsertDrawnAuditEvent"/>), the NOTIFY and the COMMIT with its WAL flush
    /// are sent together, so the lock is never held while the database waits for a server instance; the heavy part of a send (blobs, document, parts, deliveries) stays outside it, and
    /// docs/SCALING.md measures what is left and up to how many instances it is not the limit. It cannot deadlock: after
    /// the lock a transaction only updates the audit_counter row and inserts rows with fresh keys, and the counter row
    /// and the one unique key it may meet (a status message id) are only ever written under this lock, so their
    /// earlier holder has already committed or rolled back.
    /// </summary>
    public const string LockCommitOrder = $"SELECT pg_advisory_xact_lock({LockSpace}, 2)";

    /// <summary>Wakes LISTENers of each channel when (and only if) the transaction commits.</summary>
    public const string Notify = "SELECT count(pg_notify(channel, '')) FROM unnest(@channels::text[]) AS channel";

    // Inline contents (the bytes bound as a ReadOnlyMemory<byte>, no array of their own)
    public const string InsertContent = "INSERT INTO part_contents (sha256, content) VALUES (@sha256, @content) ON CONFLICT (sha256) DO NOTHING";
    public const string SelectContent = "SELECT content FROM part_contents WHERE sha256 = @sha256";

    // Audit sequence (drawn after LockCommitOrder: the counter row is the sequence, see PostgresSchema)
    public const string DrawAuditSequence = "UPDATE audit_counter SET next = next + 1 WHERE id = 0 RETURNING next - 1";
    public const string NextAuditSequence = "SELECT next FROM audit_counter WHERE id = 0";

    /// <summary>
    /// The audit event at the sequence DrawAuditSequence drew last in this transaction (its own update of the counter
    /// row is visible to it), the leaf spliced around the sequence's decimal digits: sent in the round trip that takes
    /// the lock, so the lock is not held while the server reads the sequence back and encodes the leaf.
    /// </summary>
    public const string InsertDrawnAuditEvent = """
        INSERT INTO audit_events (sequence, occurred_at, actor_organ_id, actor_role, action, document_id, outcome, leaf)
        SELECT next - 1, @at, @organId, @role, @action, @documentId, @outcome,
            @leafHead || convert_to(CAST(next - 1 AS text), 'UTF8') || @leafTail
        FROM audit_counter WHERE id = 0
        """;
    public const string InsertDrawnAuditEventAgency =
        "INSERT INTO audit_event_agencies (agency_code, sequence) SELECT @agency, next - 1 FROM audit_counter WHERE id = 0";

    // Merkle nodes in bulk: one statement for any number of nodes.
    public const string SelectMerkleNodes = """
        SELECT n.level, n.node_index, n.hash FROM merkle_nodes n
        JOIN unnest(@levels::integer[], @indexes::bigint[]) AS k (level, node_index) ON n.level = k.level AND n.node_index = k.node_index
        """;
    public const string InsertMerkleNodes = """
        INSERT INTO merkle_nodes (level, node_index, hash) SELECT * FROM unnest(@levels::integer[], @indexes::bigint[], @hashes::bytea[])
        """;

    // Checkpoints. Saving holds this lock, so two instances cannot both store a different root for one size.
    public const string LockCheckpoints = $"SELECT pg_advisory_xact_lock({LockSpace}, 3)";
}
