using System.Data.Common;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;

namespace DocExchange.Storage.Relational;

/// <summary>
/// What the engines really do differently; everything else in <see cref="RelationalSql"/> and the stores is shared.
/// Both engines take @name parameters, UTC ticks for times, booleans as parameters (SQLite stores 0 and 1) and
/// blobs as byte arrays.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The clause that locks the selected rows until the transaction ends, where the engine needs one.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>A predicate true when <paramref name="column"/> is one of the values in list parameter @<paramref name="parameter"/>.</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>The value to bind to a list parameter.</summary>
    public abstract object ListValue(IReadOnlyCollection<string> values);

    /// <summary>The next audit sequence, read outside a write.</summary>
    public abstract string NextAuditSequence { get; }

    /// <summary>
    /// Adds what draws the write's audit sequence (after the commit-order lock where the engine needs one, see each
    /// engine); the list holds the one sequence once the batch has run.
    /// </summary>
    public abstract List<long> DrawAuditSequence(StatementBatch batch);

    /// <summary>
    /// Where the engine can insert the audit event at the sequence drawn earlier in the same transaction by reading it
    /// back in SQL, the statements that do (so the draw and the event need no round trip between them); null where
    /// the sequence is read back by the caller first.
    /// </summary>
    public virtual DrawnAuditEventSql? DrawnAuditEvent => null;

    /// <summary>
    /// True where a write's last batch (its ordered tail: the lock, the draws, the audit event, the notifications)
    /// also carries its COMMIT, so that a commit-order lock is never held while the database waits for the server.
    /// Such a write cannot look at a result between its statements and its commit, so the inserts whose conflicts it
    /// must answer (a document's message id or id, a status's message id) raise a unique violation instead of
    /// inserting nothing: the transaction rolls back and the store reads the earlier row (see
    /// <see cref="IsDuplicateKey"/>).
    /// </summary>
    public virtual bool CommitsWithLastBatch => false;

    /// <summary>True when <paramref name="exception"/> is a unique violation on <paramref name="table"/> (only raised where <see cref="CommitsWithLastBatch"/>).</summary>
    public virtual bool IsDuplicateKey(DbException exception, string table) => false;

    /// <summary>Adds what wakes the listeners of <paramref name="channels"/> when the transaction commits (nothing where they are in-process).</summary>
    public abstract void Notify(StatementBatch batch, IReadOnlyCollection<string> channels);

    /// <summary>What makes one checkpoint writer at a time check and insert, where writers are not already serialised.</summary>
    public abstract string? LockCheckpoints { get; }

    /// <summary>Reads the Merkle nodes named by <paramref name="ids"/> (any order, missing ones left out).</summary>
    public abstract Task<IReadOnlyList<MerkleNode>> ReadMerkleNodesAsync(DbSession session, IReadOnlyList<MerkleNodeId> ids);

    /// <summary>
    /// Inserts <paramref name="nodes"/> in the write's transaction: added to <paramref name="batch"/> where the engine
    /// takes them in one statement, run at once where it takes one statement per node.
    /// </summary>
    public abstract Task InsertMerkleNodesAsync(DbSession session, StatementBatch batch, IReadOnlyList<MerkleNode> nodes);

    /// <summary>
    /// Stores each of <paramref name="contents"/> not stored yet (by SHA-256) in the write's transaction: added to
    /// <paramref name="batch"/> where the engine binds the bytes, written at once where it writes them in place.
    /// </summary>
    public abstract Task StoreContentsAsync(DbSession session, StatementBatch batch, IReadOnlyList<InlineContent> contents);

    /// <summary>The inline content with this SHA-256, read into a pooled buffer; null when none is stored.</summary>
    public abstract Task<PooledContentStream?> ReadContentAsync(DbSession session, Sha256Digest sha256);
}

/// <summary>
/// Inserts of the audit event and of one of its agencies at the sequence drawn last in this transaction. The event's
/// parameters are those of <see cref="RelationalSql.InsertAuditEvent"/> but @sequence, and its leaf comes as
/// @leafHead and @leafTail, the canonical bytes before and after the sequence's digits; the agency's is @agency.
/// </summary>
internal sealed record DrawnAuditEventSql(string InsertEvent, string InsertAgency);
