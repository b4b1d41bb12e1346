using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Audit.Trail;

/// <summary>
/// What the audit service answers: events by filter with their leaves (and proofs), inclusion and consistency proofs,
/// log info and exports; and <see cref="RecordAsync"/> for events that are not domain changes. Engine-independent:
/// it works over the store interfaces, so the server, tests and tools share it.
/// </summary>
public sealed class AuditTrail
{
    private const int ExportPageSize = 1000;

    private readonly IAuditEventStore _events;
    private readonly MerkleLog _log;
    private readonly CheckpointService _checkpoints;
    private readonly ICheckpointStore _checkpointStore;
    private readonly IChangeNotifier? _notifier;

    public AuditTrail(IAuditEventStore events, MerkleLog log, CheckpointService checkpoints, ICheckpointStore checkpointStore, IChangeNotifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(checkpointStore);
        _events = events;
        _log = log;
        _checkpoints = checkpoints;
        _checkpointStore = checkpointStore;
        _notifier = notifier;
    }

    /// <summary>Commits one event alone (a denied call, a start-up or key event) and wakes the integrator; returns its sequence.</summary>
    public async Task<long> RecordAsync(AuditEventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        long sequence = await _events.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        if (_notifier is not null)
        {
            await _notifier.PublishAsync(ChangeTopic.AuditLog, CancellationToken.None).ConfigureAwait(false);
        }
        return sequence;
    }

    /// <summary>The public key, its id and the number of integrated events.</summary>
    public async Task<AuditLogInfo> GetLogInfoAsync(CancellationToken cancellationToken) =>
        new(_checkpoints.PublicKey.ToArray(), _checkpoints.KeyId.ToArray(), CheckpointKeys.SignatureAlgorithm,
            await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>PATH(leafIndex, D[0:treeSize]).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index or size is outside the log.</exception>
    public Task<InclusionProof> GetInclusionProofAsync(long leafIndex, long treeSize, CancellationToken cancellationToken) =>
        _log.GetInclusionProofAsync(leafIndex, treeSize, cancellationToken);

    /// <summary>PROOF(first, D[0:second]).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, out of order, or beyond the log.</exception>
    public Task<ConsistencyProof> GetConsistencyProofAsync(long firstTreeSize, long secondTreeSize, CancellationToken cancellationToken) =>
        _log.GetConsistencyProofAsync(firstTreeSize, secondTreeSize, cancellationToken);

    /// <summary>
    /// Events matching <paramref name="query"/>, in sequence order, each with its leaf. With <paramref name="proofTreeSize"/>
    /// set, each event inside that tree carries its inclusion proof against it (0 means the latest checkpoint's size).
    /// When a filter makes the store find the events through its index, which is not signed, every index value of every
    /// event found is recomputed from its leaf and checked, so an answer is never inconsistent with the leaves it carries
    /// (an unfiltered answer is the leaves themselves, in sequence order). An event
    /// whose index was changed so that the query no longer finds it cannot be noticed here; the auditor's scan of the
    /// leaves (dx audit verify --online --document) finds it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The proof tree size is beyond the log.</exception>
    /// <exception cref="AuditIntegrityException">A stored leaf is not a canonical event of its sequence, or the index contradicts it.</exception>
    public async Task<IReadOnlyList<AuditEventEntry>> QueryEventsAsync(AuditEventQuery query, long? proofTreeSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.FromSequence);
        long? treeSize = proofTreeSize;
        if (treeSize == 0)
        {
            var latest = await _checkpoints.GetCheckpointAsync(fresh: false, cancellationToken).ConfigureAwait(false);
            treeSize = latest.Checkpoint.TreeSize;
        }
        if (treeSize is { } t)
        {
            long size = await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
            if (t < 0 || t > size)
            {
                throw new ArgumentOutOfRangeException(nameof(proofTreeSize), t, $"Proofs can be given against a tree of 1 to {size} leaves, not {t}.");
            }
        }
        var rows = await _events.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEventEntry>(rows.Count);
        foreach (var row in rows)
        {
            var decoded = CheckIndexedLeaf(row, query);
            InclusionProof? proof = treeSize is { } proofSize && row.Sequence < proofSize
                ? await _log.GetInclusionProofAsync(row.Sequence, proofSize, cancellationToken).ConfigureAwait(false)
                : null;
            entries.Add(new AuditEventEntry(decoded, row.Leaf, proof));
        }
        return entries;
    }

    private static AuditEvent CheckIndexedLeaf(IndexedAuditLeaf row, AuditEventQuery query)
    {
        if (!AuditEventEncoding.TryDecode(row.Leaf, out var decoded, out string? error))
        {
            throw new AuditIntegrityException($"Stored audit event {row.Sequence} is not a canonical event: {error}");
        }
        if (decoded.Sequence != row.Sequence)
        {
            throw new AuditIntegrityException($"The audit event stored at sequence {row.Sequence} says it is event {decoded.Sequence}: the events table was altered.");
        }
        var differences = query.UsesIndex ? row.Index.Differences(AuditIndexValues.Of(decoded)) : [];
        if (differences.Count > 0)
        {
            throw new AuditIntegrityException(
                $"The audit index contradicts the leaf of event {row.Sequence}: {string.Join("; ", differences)}. The index was altered; the answer is refused rather than given inconsistent with the signed leaves.");
        }
        if (query.Mismatch(decoded) is { } mismatch)
        {
            throw new AuditIntegrityException($"The audit index found event {row.Sequence} for this query, but its leaf does not match: {mismatch}.");
        }
        return decoded;
    }

    /// <summary>
    /// Writes an export (docs/AUDIT-FORMAT.md §3): the checkpoint, then the stored leaves in sequence order, one per
    /// position from 0 to the checkpoint's size, each with its inclusion proof when <paramref name="includeProofs"/>.
    /// The leaves are written as stored, unchecked, so that an auditor's verifier finds whatever is wrong with them.
    /// </summary>
    /// <param name="treeSize">Export against the stored checkpoint of this size; the latest checkpoint (signing one if none) when null.</param>
    /// <returns>The checkpoint in the export's header.</returns>
    /// <exception cref="ArgumentException">No checkpoint of <paramref name="treeSize"/> leaves was signed.</exception>
    public async Task<SignedCheckpoint> ExportAsync(Stream output, bool includeProofs, long? treeSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var checkpoint = treeSize is { } size
            ? await _checkpointStore.FindAsync(size, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"No checkpoint of {size} leaves was signed: export against the latest checkpoint, or a size that has one.", nameof(treeSize))
            : await _checkpoints.GetCheckpointAsync(fresh: false, cancellationToken).ConfigureAwait(false);
        await WriteExportAsync(output, checkpoint, includeProofs, cancellationToken).ConfigureAwait(false);
        return checkpoint;
    }

    private async Task WriteExportAsync(Stream output, SignedCheckpoint checkpoint, bool includeProofs, CancellationToken cancellationToken)
    {
        long treeSize = checkpoint.Checkpoint.TreeSize;
        long logSize = await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
        var writer = new AuditExportWriter(output);
        await writer.WriteHeaderAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        long position = 0, from = 0;
        while (position < treeSize)
        {
            int page = (int)Math.Min(ExportPageSize, treeSize - position);
            var rows = await _events.ReadLeavesAsync(from, page, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }
            foreach (var row in rows)
            {
                // The proof is for the position written, which the verifier checks the leaf against.
                InclusionProof? proof = includeProofs && treeSize <= logSize
                    ? await _log.GetInclusionProofAsync(position, treeSize, cancellationToken).ConfigureAwait(false)
                    : null;
                try
                {
                    await writer.WriteLeafAsync(row.Leaf, proof, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    throw new AuditIntegrityException($"Stored audit event {row.Sequence} (export position {position}) cannot be written to an export: {e.Message}");
                }
                position++;
            }
            from = rows[^1].Sequence + 1;
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
