using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using DocExchange.Client;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// Fills an <see cref="AuditEvidence"/> from the server for <c>dx audit verify --online</c>: a fresh checkpoint, a
/// consistency proof from a checkpoint kept earlier, and a document's events with their inclusion proofs. Nothing the
/// server says is trusted here: <see cref="AuditTrailVerifier"/> checks it all against the pinned key. The checks
/// returned beside the evidence are about what the server answered (its key, its size, the document's events).
/// </summary>
public sealed record OnlineAuditEvidence(AuditEvidence Evidence, SignedCheckpoint Server, IReadOnlyList<VerdictCheck> Checks)
{
    public const string ServerLabel = "server";

    public static async Task<OnlineAuditEvidence> FetchAsync(
        DocExchangeClient client, CheckpointVerifier trustedKey, LabeledCheckpoint? previous, string? documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(trustedKey);
        var checks = new List<VerdictCheck>();
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

        var inclusions = new List<InclusionEvidence>();
        if (documentId is not null)
        {
            await foreach (var entry in client.QueryEventsAsync(new AuditEventFilter { DocumentId = documentId }, includeProofs: true, size, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Inclusion is not null)
                {
                    inclusions.Add(new InclusionEvidence($"event {entry.Event.Sequence}", entry.Leaf.ToByteArray(), entry.Inclusion.ToAudit()));
                }
            }
            checks.Add(inclusions.Count == 0
                ? new VerdictCheck("inclusion.document", documentId, false, $"The server shows no event of document {documentId} in its tree of {size} events.")
                : new VerdictCheck("inclusion.document", documentId, true, $"The server shows {inclusions.Count} event(s) of document {documentId}; each is checked below."));
        }

        return new OnlineAuditEvidence(new AuditEvidence(null, checkpoints, consistency, inclusions), server, checks);
    }

    private static VerdictCheck KeyCheck(byte[] publicKey, byte[] keyId, CheckpointVerifier trustedKey)
    {
        bool matches = keyId.AsSpan().SequenceEqual(trustedKey.KeyId) && SHA256.HashData(publicKey).AsSpan().SequenceEqual(keyId);
        return new VerdictCheck("log.key", ServerLabel, matches, matches
            ? $"The server signs checkpoints with the pinned key {Convert.ToHexStringLower(trustedKey.KeyId)}."
            : $"The server says it signs checkpoints with key {Convert.ToHexStringLower(keyId)}, not the pinned key {Convert.ToHexStringLower(trustedKey.KeyId)}.");
    }
}
