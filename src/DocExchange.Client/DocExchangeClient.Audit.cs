using System.Runtime.CompilerServices;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Client.Transport;
using Google.Protobuf.WellKnownTypes;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>Events per QueryEvents call: the server's largest page.</summary>
    private const int AuditPageSize = 1000;

    /// <summary>
    /// The latest signed checkpoint of the audit log, or a new one covering every event recorded so far when
    /// <paramref name="fresh"/> is set. Check it with <see cref="AuditProtoConversions.ToAudit(Proto.SignedCheckpoint)"/>
    /// and a <see cref="CheckpointVerifier"/> of the key obtained out of band (or use <see cref="VerifyCheckpointAsync"/>).
    /// </summary>
    public Task<Proto.SignedCheckpoint> GetCheckpointAsync(bool fresh = false, CancellationToken cancellationToken = default) =>
        _calls.UnaryAsync(Proto.Audit.Methods.GetCheckpoint, new Proto.GetCheckpointRequest { Fresh = fresh }, CallSafety.IdempotentRead, cancellationToken);

    /// <summary>The checkpoint signing key (DER SubjectPublicKeyInfo), its id, algorithm, and the log's size.</summary>
    /// <remarks>A key fetched from the server proves nothing by itself: confirm it out of band before pinning it.</remarks>
    public Task<Proto.LogInfo> GetLogInfoAsync(CancellationToken cancellationToken = default) =>
        _calls.UnaryAsync(Proto.Audit.Methods.GetLogInfo, new Proto.GetLogInfoRequest(), CallSafety.IdempotentRead, cancellationToken);

    /// <summary>RFC 9162 §2.1.3 proof that leaf <paramref name="leafIndex"/> is in the tree of <paramref name="treeSize"/> leaves.</summary>
    public Task<Proto.InclusionProof> GetInclusionProofAsync(long leafIndex, long treeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(treeSize, leafIndex);
        return _calls.UnaryAsync(Proto.Audit.Methods.GetInclusionProof, new Proto.GetInclusionProofRequest { LeafIndex = leafIndex, TreeSize = treeSize },
            CallSafety.IdempotentRead, cancellationToken);
    }

    /// <summary>RFC 9162 §2.1.4 proof that the tree of <paramref name="firstTreeSize"/> leaves is a prefix of that of <paramref name="secondTreeSize"/>.</summary>
    public Task<Proto.ConsistencyProof> GetConsistencyProofAsync(long firstTreeSize, long secondTreeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstTreeSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(secondTreeSize, firstTreeSize);
        return _calls.UnaryAsync(Proto.Audit.Methods.GetConsistencyProof,
            new Proto.GetConsistencyProofRequest { FirstTreeSize = firstTreeSize, SecondTreeSize = secondTreeSize }, CallSafety.IdempotentRead, cancellationToken);
    }

    /// <summary>
    /// The audit events that match <paramref name="filter"/>, in sequence order, each with its exact leaf bytes and,
    /// with <paramref name="includeProofs"/>, its inclusion proof against the tree of <paramref name="proofTreeSize"/>
    /// leaves (the latest checkpoint's, read once before the first page, when 0). Pages through the server's answers
    /// with <c>from_sequence</c>, holding one page in memory at a time; each page is retried after a transient failure.
    /// </summary>
    /// <remarks>
    /// Events recorded after the proof tree have no proof (<see cref="Proto.AuditEventEntry.Inclusion"/> is null).
    /// Each answer is checked against its leaf bytes (the server's index is not signed): show and prove the leaf, not
    /// the decoded copy beside it. That no event is missing from the answer is proven only by scanning every leaf of a
    /// signed tree (as <c>dx audit verify --online --document</c> does).
    /// </remarks>
    /// <exception cref="DocExchangeException">DATA_LOSS when an answered leaf is not a canonical event of its sequence or does not match the filter, or when the server finds its index inconsistent with the leaves.</exception>
    public async IAsyncEnumerable<Proto.AuditEventEntry> QueryEventsAsync(
        AuditEventFilter? filter = null, bool includeProofs = false, long proofTreeSize = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        filter ??= new AuditEventFilter();
        ArgumentOutOfRangeException.ThrowIfNegative(filter.FromSequence);
        ArgumentOutOfRangeException.ThrowIfNegative(proofTreeSize);
        if (filter.Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        }

        if (includeProofs && proofTreeSize == 0)
        {
            // One tree for every page, so that all proofs are checked against one checkpoint.
            proofTreeSize = (await GetCheckpointAsync(fresh: false, cancellationToken).ConfigureAwait(false)).TreeSize;
        }

        var template = new Proto.QueryEventsRequest
        {
            OrganId = filter.Agency is null ? string.Empty : DocumentMetadataBuilder.ParseAgencyCode(filter.Agency, "agency").Value,
            DocumentId = filter.DocumentId ?? string.Empty,
            Since = filter.Since is { } since ? Timestamp.FromDateTimeOffset(since) : null,
            Until = filter.Until is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            IncludeProofs = includeProofs,
            ProofTreeSize = includeProofs ? proofTreeSize : 0,
        };
        template.Actions.AddRange(filter.Actions ?? []);
        // The same filter, to check every answer against the leaf it carries: the server's index is not signed.
        var expected = new Audit.Trail.AuditEventQuery
        {
            DocumentId = filter.DocumentId,
            Agency = template.OrganId.Length == 0 ? null : template.OrganId,
            Actions = filter.Actions,
            Since = filter.Since,
            Until = filter.Until,
            FromSequence = filter.FromSequence,
        };

        var next = filter.FromSequence;
        var remaining = filter.Limit ?? int.MaxValue;
        while (remaining > 0)
        {
            var request = template.Clone();
            request.FromSequence = next;
            request.Limit = Math.Min(AuditPageSize, remaining);
            var page = await QueryPageAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (entry.Event is null || entry.Event.Sequence < next)
                {
                    throw DocExchangeException.DataLoss($"the server answered an audit event out of order (asked from sequence {next})", Proto.Audit.Methods.QueryEvents.Name);
                }

                CheckAnswer(entry, expected);

                next = entry.Event.Sequence + 1;
                remaining--;
                yield return entry;
            }

            if (page.Count < request.Limit)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Writes an audit export (docs/AUDIT-FORMAT.md §3) of the whole log to <paramref name="output"/>: a fresh signed
    /// checkpoint, then every event from 0 to its size, each with its inclusion proof. An export is verified by
    /// recomputing the tree, so it always holds every leaf: to look at some events only, use <see cref="QueryEventsAsync"/>.
    /// </summary>
    /// <param name="output">Receives the export; not closed. After a failure, what was written must be discarded.</param>
    /// <param name="progress">The number of events written so far.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The checkpoint in the export's header (not verified here: the auditor's verifier does that with the trusted key).</returns>
    /// <exception cref="DocExchangeException">DATA_LOSS when the server's answers skip or repeat an event, or lack a proof.</exception>
    public async Task<SignedCheckpoint> ExportAuditAsync(Stream output, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var checkpoint = (await GetCheckpointAsync(fresh: true, cancellationToken).ConfigureAwait(false)).ToAudit();
        var treeSize = checkpoint.Checkpoint.TreeSize;
        var writer = new AuditExportWriter(output);
        await writer.WriteHeaderAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        long written = 0;
        if (treeSize > 0)
        {
            var all = QueryEventsAsync(new AuditEventFilter { Limit = treeSize > int.MaxValue ? null : (int)treeSize }, includeProofs: true, treeSize, cancellationToken);
            await foreach (var entry in all.ConfigureAwait(false))
            {
                if (entry.Event.Sequence != written || entry.Inclusion is null)
                {
                    throw DocExchangeException.DataLoss(
                        entry.Inclusion is null
                            ? $"the server sent audit event {entry.Event.Sequence} without its inclusion proof in the tree of {treeSize}"
                            : $"the server skipped audit events: expected event {written}, received {entry.Event.Sequence}",
                        Proto.Audit.Methods.QueryEvents.Name);
                }

                await writer.WriteLeafAsync(entry.Leaf.Memory, entry.Inclusion.ToAudit(), cancellationToken).ConfigureAwait(false);
                written++;
                progress?.Report(written);
                if (written == treeSize)
                {
                    break;
                }
            }
        }

        if (written != treeSize)
        {
            throw DocExchangeException.DataLoss($"the server's events ended after {written} of the checkpoint's {treeSize}", Proto.Audit.Methods.QueryEvents.Name);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return checkpoint;
    }

    /// <summary>
    /// Fetches a fresh checkpoint and checks it locally: signed by <paramref name="trustedKey"/> (the log's key, pinned
    /// after confirming it out of band), and, when <paramref name="previous"/> (a checkpoint verified earlier) is given,
    /// an extension of it by an RFC 9162 consistency proof, so that the log was not rewritten or forked in between.
    /// </summary>
    public async Task<AuditCheckpointVerification> VerifyCheckpointAsync(
        CheckpointVerifier trustedKey, Checkpoint? previous = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trustedKey);
        var signed = (await GetCheckpointAsync(fresh: true, cancellationToken).ConfigureAwait(false)).ToAudit();
        var verification = trustedKey.Verify(signed);
        if (!verification.IsValid)
        {
            return new AuditCheckpointVerification(false, signed, verification.FailureReason!);
        }

        var current = verification.Checkpoint!;
        var signedBy = $"The checkpoint of size {current.TreeSize} taken {AuditTime.ToText(current.Time)} is signed by the trusted key {Convert.ToHexStringLower(trustedKey.KeyId)}.";
        if (previous is null)
        {
            return new AuditCheckpointVerification(true, signed, signedBy);
        }

        if (previous.TreeSize > current.TreeSize)
        {
            return new AuditCheckpointVerification(false, signed,
                $"{signedBy} But it has fewer leaves than the earlier checkpoint of size {previous.TreeSize}: the log was truncated or forked.");
        }

        ConsistencyProof? proof = previous.TreeSize == current.TreeSize || previous.TreeSize == 0
            ? null
            : (await GetConsistencyProofAsync(previous.TreeSize, current.TreeSize, cancellationToken).ConfigureAwait(false)).ToAudit();
        var fork = CheckpointForkDetector.Compare(previous, current, proof);
        return new AuditCheckpointVerification(fork.Status == ForkStatus.Consistent, signed, $"{signedBy} {fork.Message}");
    }

    /// <summary>
    /// Proves locally that audit event <paramref name="sequence"/> is in the log: fetches a fresh checkpoint, checks
    /// its signature with <paramref name="trustedKey"/>, fetches the event's leaf bytes and inclusion proof, checks
    /// that the leaf is a canonical event with that sequence, and that the proof leads from the leaf's hash to the
    /// checkpoint's root. The server is trusted for nothing.
    /// </summary>
    public async Task<AuditEventVerification> VerifyEventAsync(long sequence, CheckpointVerifier trustedKey, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentNullException.ThrowIfNull(trustedKey);
        var signed = (await GetCheckpointAsync(fresh: true, cancellationToken).ConfigureAwait(false)).ToAudit();
        var verification = trustedKey.Verify(signed);
        if (!verification.IsValid)
        {
            return new AuditEventVerification(false, null, null, verification.FailureReason!);
        }

        var checkpoint = verification.Checkpoint!;
        if (sequence >= checkpoint.TreeSize)
        {
            return new AuditEventVerification(false, null, checkpoint, $"The log's checkpoint has {checkpoint.TreeSize} events: event {sequence} is not in it.");
        }

        Proto.AuditEventEntry? entry = null;
        await foreach (var found in QueryEventsAsync(new AuditEventFilter { FromSequence = sequence, Limit = 1 }, includeProofs: true, checkpoint.TreeSize, cancellationToken)
            .ConfigureAwait(false))
        {
            entry = found;
        }

        return CheckInclusion(sequence, entry, checkpoint);
    }

    /// <summary>
    /// An answer must be a canonical event whose sequence is the one announced and which matches the query: what the
    /// client shows and proves is the leaf, so a server whose index or decoded copy disagrees with it is caught here.
    /// </summary>
    private static void CheckAnswer(Proto.AuditEventEntry entry, Audit.Trail.AuditEventQuery query)
    {
        long sequence = entry.Event.Sequence;
        if (!AuditEventEncoding.TryDecode(entry.Leaf.Span, out var leaf, out var error))
        {
            throw DocExchangeException.DataLoss($"the server answered event {sequence} with a leaf that is not a canonical audit event: {error}", Proto.Audit.Methods.QueryEvents.Name);
        }

        if (leaf.Sequence != sequence)
        {
            throw DocExchangeException.DataLoss($"the server answered event {sequence} with the leaf of event {leaf.Sequence}", Proto.Audit.Methods.QueryEvents.Name);
        }

        if (query.Mismatch(leaf) is { } mismatch)
        {
            throw DocExchangeException.DataLoss($"the server answered event {sequence}, whose leaf does not match the query: {mismatch}", Proto.Audit.Methods.QueryEvents.Name);
        }
    }

    private static AuditEventVerification CheckInclusion(long sequence, Proto.AuditEventEntry? entry, Checkpoint checkpoint)
    {
        if (entry is null || entry.Inclusion is null)
        {
            return new AuditEventVerification(false, null, checkpoint, $"The server gave no event {sequence} with an inclusion proof.");
        }

        // Only the leaf bytes count: the decoded copy the server sent beside them is not trusted.
        if (!AuditEventEncoding.TryDecode(entry.Leaf.Span, out var auditEvent, out var error))
        {
            return new AuditEventVerification(false, null, checkpoint, $"The leaf the server gave for event {sequence} is not a canonical audit event: {error}");
        }

        var proof = entry.Inclusion.ToAudit();
        if (auditEvent.Sequence != sequence || proof.LeafIndex != sequence || proof.TreeSize != checkpoint.TreeSize)
        {
            return new AuditEventVerification(false, auditEvent, checkpoint,
                $"The server answered event {auditEvent.Sequence} with a proof for leaf {proof.LeafIndex} of {proof.TreeSize}, not event {sequence} of {checkpoint.TreeSize}.");
        }

        var result = MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(entry.Leaf.Span), checkpoint.RootHash);
        return result.IsValid
            ? new AuditEventVerification(true, auditEvent, checkpoint,
                $"Event {sequence} ('{auditEvent.Action}' at {AuditTime.ToText(auditEvent.Time)}) is included in the signed tree of size {checkpoint.TreeSize}.")
            : new AuditEventVerification(false, auditEvent, checkpoint, $"Event {sequence} is not the leaf the checkpoint committed to: {result.FailureReason}");
    }

    private Task<List<Proto.AuditEventEntry>> QueryPageAsync(Proto.QueryEventsRequest request, CancellationToken cancellationToken) =>
        _calls.ExecuteAsync(Proto.Audit.Methods.QueryEvents.Name, CallSafety.IdempotentRead, static () => true, async token =>
        {
            var page = new List<Proto.AuditEventEntry>(Math.Min(request.Limit, 64));
            using var call = _calls.Invoker.AsyncServerStreamingCall(Proto.Audit.Methods.QueryEvents, null, _calls.CallOptions(_calls.Options.Timeout, token), request);
            while (await call.ResponseStream.MoveNext(token).ConfigureAwait(false))
            {
                page.Add(call.ResponseStream.Current);
            }

            return page;
        }, cancellationToken);
}
