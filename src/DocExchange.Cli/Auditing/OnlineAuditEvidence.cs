using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Client;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// Fills an <see cref="AuditEvidence"/> from the server for <c>dx audit verify --online</c>, and checks what only the
/// server's answers can show. Nothing the server says is trusted: the fresh checkpoint is checked against the pinned
/// key, every leaf of its tree is fetched and checked like an export (leaf hash recomputed from the leaf bytes, inclusion
/// proof, sequence, root recomputed from all leaves), and with <c>--document</c> the server's answer for the document is
/// compared with the document's events found by that scan, so an omitted event is caught. <see cref="AuditTrailVerifier"/>
/// then checks the checkpoints, the consistency proof and each answered event's inclusion proof.
/// </summary>
public sealed record OnlineAuditEvidence(
    AuditEvidence Evidence, SignedCheckpoint Server, IReadOnlyList<VerdictCheck> Checks, long? FirstBadPosition, string? FirstBadReason, IReadOnlyList<string> NotChecked)
{
    public const string ServerLabel = "server";

    public static async Task<OnlineAuditEvidence> FetchAsync(
        DocExchangeClient client, CheckpointVerifier trustedKey, LabeledCheckpoint? previous, string? documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(trustedKey);
        var checks = new List<VerdictCheck>();
        var notChecked = new List<string>();
        var info = await client.GetLogInfoAsync(cancellationToken).ConfigureAwait(false);
        checks.Add(KeyCheck(info.PublicKey.ToByteArray(), info.KeyId.ToByteArray(), trustedKey));

        var server = (await client.GetCheckpointAsync(fresh: true, cancellationToken).ConfigureAwait(false)).ToAudit();
        long size = server.Checkpoint.TreeSize;
        var checkpoints = new List<LabeledCheckpoint>();
        ConsistencyProof? consistency = null;
        if (previous is not null)
        {
            checkpoints.Add(previous);
            long earlier = previous.Signed.Checkpoint.TreeSize;
            if (earlier > size)
            {
                checks.Add(new VerdictCheck("checkpoints.order", $"{previous.Label} ↔ {ServerLabel}", false,
                    $"The server's checkpoint has {size} events, fewer than the {earlier} of the checkpoint kept earlier: the log lost events or shows another history."));
            }
            else if (earlier > 0 && earlier < size)
            {
                consistency = (await client.GetConsistencyProofAsync(earlier, size, cancellationToken).ConfigureAwait(false)).ToAudit();
            }
        }
        checkpoints.Add(new LabeledCheckpoint(ServerLabel, server));

        var signed = trustedKey.Verify(server);
        LeafScan? scan = null;
        if (signed.IsValid)
        {
            scan = await ScanAsync(client, signed.Checkpoint!, documentId, cancellationToken).ConfigureAwait(false);
            checks.AddRange(scan.Checks);
        }
        else
        {
            checks.Add(new VerdictCheck("leaves.scan", ServerLabel, false, "The leaves were not checked: the server's checkpoint is not signed by the trusted key, so there is no trusted root to check them against."));
        }
        notChecked.Add($"Events recorded after the checkpoint (sequence {size} onwards) are not covered: verify again later to include them.");
        if (previous is null)
        {
            notChecked.Add("That this log extends the one you saw before (no fork): give a checkpoint kept earlier with --checkpoint OLD.json (saved by --save-checkpoint).");
        }
        notChecked.Add("That the server recorded every action it performed: the trail proves what was recorded, not that nothing went unrecorded.");

        var inclusions = new List<InclusionEvidence>();
        if (documentId is not null)
        {
            var answered = new List<long>();
            string? refused = null;
            try
            {
                await foreach (var entry in client.QueryEventsAsync(new AuditEventFilter { DocumentId = documentId }, includeProofs: true, size, cancellationToken).ConfigureAwait(false))
                {
                    if (entry.Inclusion is not null)
                    {
                        answered.Add(entry.Event.Sequence);
                        inclusions.Add(new InclusionEvidence($"event {entry.Event.Sequence}", entry.Leaf.ToByteArray(), entry.Inclusion.ToAudit()));
                    }
                }
            }
            catch (DocExchangeException e)
            {
                refused = e.Message;
            }
            checks.Add(refused is not null
                ? new VerdictCheck("inclusion.document", documentId, false, $"The server's answer for document {documentId} cannot be used: {refused}")
                : inclusions.Count == 0
                    ? new VerdictCheck("inclusion.document", documentId, false, $"The server shows no event of document {documentId} in its tree of {size} events.")
                    : new VerdictCheck("inclusion.document", documentId, true, $"The server shows {inclusions.Count} event(s) of document {documentId}; each is checked below."));
            checks.Add(CompleteCheck(documentId, answered, refused is null, scan));
        }

        return new OnlineAuditEvidence(new AuditEvidence(null, checkpoints, consistency, inclusions), server, checks,
            scan?.FirstBadPosition, scan?.FirstBadReason, notChecked);
    }

    /// <summary>Fetches every leaf of the signed tree with its inclusion proof and checks them as an export's.</summary>
    private static async Task<LeafScan> ScanAsync(DocExchangeClient client, Checkpoint checkpoint, string? documentId, CancellationToken cancellationToken)
    {
        long size = checkpoint.TreeSize;
        var leaves = new LeafSequenceVerifier(checkpoint, "The server's answer");
        var documentEvents = new List<(long Sequence, string Description)>();
        var checks = new List<VerdictCheck>();
        void Feed(Protocol.V1.AuditEventEntry entry)
        {
            var auditEvent = leaves.Add(entry.Leaf.Span, entry.Inclusion?.Hashes.Select(h => h.ToByteArray()).ToArray());
            if (documentId is not null && auditEvent is not null && auditEvent.DocumentId == documentId)
            {
                documentEvents.Add((auditEvent.Sequence, $"'{auditEvent.Action}' at {AuditTime.ToText(auditEvent.Time)}"));
            }
        }

        // After a refused page, leaves are asked for one at a time until the one the server cannot give is found.
        int oneByOne = 0;
        while (leaves.Count < size)
        {
            long position = leaves.Count;
            if (oneByOne > 0)
            {
                var (single, refusal) = await ReadOneAsync(client, position, size, cancellationToken).ConfigureAwait(false);
                if (single is not null)
                {
                    Feed(single);
                    oneByOne--;
                    continue;
                }
                if (refusal is null)
                {
                    break; // The server has no such leaf: leaves.count says where its answers end.
                }
                leaves.AddUnreadable([], $"Leaf {position}: the server cannot give it as a canonical event consistent with its answer: {refusal}");
                oneByOne = 0;
                continue;
            }
            try
            {
                var rest = new AuditEventFilter { FromSequence = position, Limit = size - position > int.MaxValue ? null : (int)(size - position) };
                await foreach (var entry in client.QueryEventsAsync(rest, includeProofs: true, size, cancellationToken).ConfigureAwait(false))
                {
                    Feed(entry);
                    if (leaves.Count == size)
                    {
                        break;
                    }
                }
                if (leaves.Count == position)
                {
                    break; // The server's answers ended early: leaves.count says where.
                }
            }
            catch (DocExchangeException e) when (e.StatusCode == global::Grpc.Core.StatusCode.DataLoss)
            {
                // The server, or the client library's check of its answer, refused a page of up to 1000 leaves.
                oneByOne = 1000;
            }
            catch (DocExchangeException e)
            {
                checks.Add(new VerdictCheck("leaves.scan", ServerLabel, false, $"The server stopped answering at leaf {leaves.Count}: {e.Message}"));
                break;
            }
        }
        var result = leaves.Complete();
        checks.AddRange(result.Checks.Select(c => new VerdictCheck(c.Name, ServerLabel, c.Passed, c.Message)));
        bool proven = checks.All(c => c.Passed);
        return new LeafScan(checks, proven, documentEvents, result.FirstBadPosition, result.FirstBadReason, size);
    }

    /// <summary>Asks for the one leaf at <paramref name="position"/>: the entry, or why the server cannot give it (both null when it has none).</summary>
    private static async Task<(Protocol.V1.AuditEventEntry? Entry, string? Refusal)> ReadOneAsync(
        DocExchangeClient client, long position, long size, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var entry in client.QueryEventsAsync(new AuditEventFilter { FromSequence = position, Limit = 1 }, includeProofs: true, size, cancellationToken).ConfigureAwait(false))
            {
                return (entry, null);
            }
            return (null, null);
        }
        catch (DocExchangeException e) when (e.StatusCode == global::Grpc.Core.StatusCode.DataLoss)
        {
            return (null, e.Message);
        }
    }

    private static VerdictCheck CompleteCheck(string documentId, List<long> answered, bool answerUsable, LeafScan? scan)
    {
        if (scan is null || !scan.Proven)
        {
            return new VerdictCheck("document.complete", documentId, false,
                $"Not proven that the server's answer holds every event of document {documentId}: the scan of the leaves did not reproduce the signed tree.");
        }
        if (!answerUsable)
        {
            return new VerdictCheck("document.complete", documentId, false,
                $"The signed tree holds {scan.DocumentEvents.Count} event(s) of document {documentId} ({string.Join(", ", scan.DocumentEvents.Select(e => e.Sequence))}), but the server's answer for it was refused.");
        }
        var answeredSet = answered.ToHashSet();
        var omitted = scan.DocumentEvents.Where(e => !answeredSet.Contains(e.Sequence)).ToList();
        var extra = answered.Except(scan.DocumentEvents.Select(e => e.Sequence)).ToList();
        if (omitted.Count > 0 || extra.Count > 0)
        {
            var problems = omitted.Select(e => $"omits event {e.Sequence} ({e.Description}), which the signed tree holds")
                .Concat(extra.Select(s => $"includes event {s}, whose signed leaf is about another document"));
            return new VerdictCheck("document.complete", documentId, false,
                $"The server's answer for document {documentId} {string.Join("; ", problems)}: its index does not match the signed leaves.");
        }
        return new VerdictCheck("document.complete", documentId, true,
            $"The server's answer holds every event of document {documentId} among the {scan.TreeSize} leaves of the signed tree, and no other: {string.Join(", ", scan.DocumentEvents.Select(e => e.Sequence))}.");
    }

    private static VerdictCheck KeyCheck(byte[] publicKey, byte[] keyId, CheckpointVerifier trustedKey)
    {
        bool matches = keyId.AsSpan().SequenceEqual(trustedKey.KeyId) && SHA256.HashData(publicKey).AsSpan().SequenceEqual(keyId);
        return new VerdictCheck("log.key", ServerLabel, matches, matches
            ? $"The server signs checkpoints with the pinned key {Convert.ToHexStringLower(trustedKey.KeyId)}."
            : $"The server says it signs checkpoints with key {Convert.ToHexStringLower(keyId)}, not the pinned key {Convert.ToHexStringLower(trustedKey.KeyId)}.");
    }

    private sealed record LeafScan(
        IReadOnlyList<VerdictCheck> Checks, bool Proven, IReadOnlyList<(long Sequence, string Description)> DocumentEvents, long? FirstBadPosition, string? FirstBadReason, long TreeSize);
}
