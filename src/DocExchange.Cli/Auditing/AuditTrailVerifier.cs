using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// The auditor's verification, in one function shared by the offline command and (later) the network one: checks
/// each checkpoint's signature against the trusted key, recomputes an export's tree, compares two checkpoints for a
/// fork (RFC 9162 §2.1.4 consistency), and checks events' inclusion (RFC 9162 §2.1.3). Trusts only the key.
/// </summary>
public static class AuditTrailVerifier
{
    /// <param name="timestamps">How to judge the RFC 3161 tokens of the checkpoints (files, the export's, the server's); null: report them as not checked.</param>
    public static async Task<AuditVerdict> VerifyAsync(
        AuditEvidence evidence, CheckpointVerifier trustedKey, TimestampPolicy? timestamps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(trustedKey);
        var checks = new List<VerdictCheck>();
        var summaries = new List<CheckpointSummary>();
        var trusted = new List<(string Label, Checkpoint Checkpoint)>();
        long? firstBad = null;
        string? firstBadReason = null;
        long? leafCount = null;

        if (evidence.Export is { } export)
        {
            var report = await new AuditExportVerifier(trustedKey, timestamps?.Verify, timestamps?.Required ?? false)
                .VerifyAsync(export.Content, cancellationToken).ConfigureAwait(false);
            checks.AddRange(report.Checks.Select(c => new VerdictCheck(c.Name, export.Label, c.Passed, c.Message)));
            (firstBad, firstBadReason, leafCount) = (report.FirstBadPosition, report.FirstBadReason, report.LeafCount);
            if (report.Checkpoint is { } checkpoint)
            {
                bool signed = report.Checks.Any(c => c.Name == "checkpoint.signature" && c.Passed);
                summaries.Add(Summary(export.Label, checkpoint, signed));
                if (signed)
                {
                    trusted.Add((export.Label, checkpoint));
                }
            }
        }

        foreach (var (label, signed) in evidence.Checkpoints)
        {
            var verification = trustedKey.Verify(signed);
            checks.Add(new VerdictCheck("checkpoint.signature", label, verification.IsValid, verification.IsValid
                ? $"Checkpoint of size {verification.Checkpoint!.TreeSize} taken {AuditTime.ToText(verification.Checkpoint.Time)} is signed by the trusted audit key {Convert.ToHexStringLower(trustedKey.KeyId)}."
                : verification.FailureReason!));
            var timestamp = CheckpointTimestampCheck.Check(signed, timestamps?.Verify, timestamps?.Required ?? false);
            checks.Add(new VerdictCheck(timestamp.Name, label, timestamp.Passed, timestamp.Message));
            summaries.Add(Summary(label, verification.Checkpoint ?? signed.Checkpoint, verification.IsValid));
            if (verification.IsValid)
            {
                trusted.Add((label, verification.Checkpoint!));
            }
        }

        if (evidence.CheckpointCount == 2)
        {
            checks.Add(CompareCheckpoints(trusted, summaries, evidence.Consistency));
        }

        foreach (var inclusion in evidence.Inclusions)
        {
            checks.Add(CheckLeaf(inclusion));
            var proofCheck = CheckInclusion(inclusion, trusted);
            checks.Add(proofCheck);
            if (!proofCheck.Passed && (firstBad is null || inclusion.Proof.LeafIndex < firstBad))
            {
                (firstBad, firstBadReason) = (inclusion.Proof.LeafIndex, proofCheck.Message);
            }
        }

        return new AuditVerdict(checks, firstBad, firstBadReason, summaries, leafCount);
    }

    private static VerdictCheck CompareCheckpoints(List<(string Label, Checkpoint Checkpoint)> trusted, List<CheckpointSummary> all, ConsistencyProof? proof)
    {
        string subject = string.Join(" ↔ ", all.Select(s => s.Subject));
        if (trusted.Count < 2)
        {
            return new VerdictCheck("checkpoints.consistency", subject, false, "Not compared: only checkpoints signed by the trusted key can be compared.");
        }
        var fork = CheckpointForkDetector.Compare(trusted[0].Checkpoint, trusted[1].Checkpoint, proof);
        string message = fork.Status == ForkStatus.ConsistencyProofNeeded
            ? $"{fork.Message} Pass it with --consistency PROOF.json."
            : fork.Message;
        return new VerdictCheck("checkpoints.consistency", subject, fork.Status == ForkStatus.Consistent, message);
    }

    private static VerdictCheck CheckLeaf(InclusionEvidence inclusion)
    {
        long index = inclusion.Proof.LeafIndex;
        if (!AuditEventEncoding.TryDecode(inclusion.Leaf, out var auditEvent, out string? error))
        {
            return new VerdictCheck("inclusion.leaf", inclusion.Label, false, $"Leaf {index} is not a canonical audit event: {error}");
        }
        if (auditEvent.Sequence != index)
        {
            return new VerdictCheck("inclusion.leaf", inclusion.Label, false, $"The event has sequence {auditEvent.Sequence} but the proof is for leaf {index}.");
        }
        string document = auditEvent.DocumentId.Length == 0 ? "" : $" of document {auditEvent.DocumentId}";
        return new VerdictCheck("inclusion.leaf", inclusion.Label, true,
            $"Leaf {index} is the event '{auditEvent.Action}'{document} at {AuditTime.ToText(auditEvent.Time)} (outcome '{auditEvent.Outcome}').");
    }

    private static VerdictCheck CheckInclusion(InclusionEvidence inclusion, List<(string Label, Checkpoint Checkpoint)> trusted)
    {
        var proof = inclusion.Proof;
        var match = trusted.FirstOrDefault(t => t.Checkpoint.TreeSize == proof.TreeSize);
        if (match.Checkpoint is null)
        {
            string sizes = trusted.Count == 0 ? "none is signed by the trusted key" : "trusted sizes: " + string.Join(", ", trusted.Select(t => t.Checkpoint.TreeSize));
            return new VerdictCheck("inclusion.proof", inclusion.Label, false,
                $"The proof is for a tree of size {proof.TreeSize}, but no trusted checkpoint has that size ({sizes}).");
        }
        var verification = MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(inclusion.Leaf), match.Checkpoint.RootHash);
        return verification.IsValid
            ? new VerdictCheck("inclusion.proof", inclusion.Label, true, $"Leaf {proof.LeafIndex} is included in the tree of size {proof.TreeSize} of checkpoint {match.Label}.")
            : new VerdictCheck("inclusion.proof", inclusion.Label, false, $"Leaf {proof.LeafIndex} is not the leaf checkpoint {match.Label} committed to: {verification.FailureReason}");
    }

    private static CheckpointSummary Summary(string label, Checkpoint checkpoint, bool signatureValid) =>
        new(label, checkpoint.TreeSize, Convert.ToBase64String(checkpoint.RootHash), AuditTime.ToText(checkpoint.Time), signatureValid);
}
