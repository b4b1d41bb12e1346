using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// Detects a log that shows different histories to different people: two checkpoints of one size with different
/// roots, or two checkpoints that a consistency proof does not connect (RFC 9162 §2.1.4).
/// </summary>
public static class CheckpointForkDetector
{
    /// <summary>Compares two verified checkpoints, in either order, using <paramref name="proof"/> between their sizes when they differ.</summary>
    public static ForkCheck Compare(Checkpoint a, Checkpoint b, ConsistencyProof? proof)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (older, newer) = a.TreeSize <= b.TreeSize ? (a, b) : (b, a);
        if (older.TreeSize == newer.TreeSize)
        {
            return older.RootHash.AsSpan().SequenceEqual(newer.RootHash)
                ? new ForkCheck(ForkStatus.Consistent, $"Both checkpoints have size {older.TreeSize} and the same root.")
                : new ForkCheck(ForkStatus.Forked, $"Fork: two checkpoints of size {older.TreeSize} have different roots ({Convert.ToBase64String(older.RootHash)} at {AuditTime.ToText(older.Time)}, {Convert.ToBase64String(newer.RootHash)} at {AuditTime.ToText(newer.Time)}).");
        }
        if (proof is null)
        {
            if (older.TreeSize == 0)
            {
                return Judge(new ConsistencyProof(0, newer.TreeSize, []), older, newer);
            }
            return new ForkCheck(ForkStatus.ConsistencyProofNeeded, $"The checkpoints have sizes {older.TreeSize} and {newer.TreeSize}; ask the log for a consistency proof between them.");
        }
        if (proof.FirstTreeSize != older.TreeSize || proof.SecondTreeSize != newer.TreeSize)
        {
            return new ForkCheck(ForkStatus.ConsistencyProofNeeded, $"The consistency proof is for sizes {proof.FirstTreeSize} → {proof.SecondTreeSize}, not {older.TreeSize} → {newer.TreeSize}.");
        }
        return Judge(proof, older, newer);
    }

    private static ForkCheck Judge(ConsistencyProof proof, Checkpoint older, Checkpoint newer)
    {
        var verification = MerkleProofVerifier.VerifyConsistency(proof, older.RootHash, newer.RootHash);
        return verification.IsValid
            ? new ForkCheck(ForkStatus.Consistent, $"The tree of size {older.TreeSize} is a prefix of the tree of size {newer.TreeSize}.")
            : new ForkCheck(ForkStatus.Forked, $"Fork: the checkpoints of sizes {older.TreeSize} and {newer.TreeSize} are not consistent. {verification.FailureReason}");
    }
}
