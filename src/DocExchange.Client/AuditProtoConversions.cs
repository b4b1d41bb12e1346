using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>
/// The audit messages of the wire as the Audit library's types, so that proofs and checkpoints are checked locally
/// with <see cref="CheckpointVerifier"/> and <see cref="MerkleProofVerifier"/>, trusting nothing the server says.
/// </summary>
public static class AuditProtoConversions
{
    /// <summary>The checkpoint as published: claimed fields, signed body, signature and key id (not yet verified).</summary>
    /// <exception cref="DocExchangeException">DATA_LOSS: the message is malformed (no time, a root that is not 32 bytes).</exception>
    public static SignedCheckpoint ToAudit(this Proto.SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.RootHash.Length != MerkleHasher.HashSize || checkpoint.Time is null || checkpoint.TreeSize < 0)
        {
            throw DocExchangeException.DataLoss(
                $"the server's checkpoint is malformed (tree size {checkpoint.TreeSize}, a {checkpoint.RootHash.Length}-byte root, {(checkpoint.Time is null ? "no" : "a")} time)",
                Proto.Audit.Methods.GetCheckpoint.Name);
        }

        var claimed = new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time.ToDateTimeOffset());
        // The RFC 3161 token travels with the checkpoint so that exports and saved checkpoints keep it (empty: none).
        byte[]? token = checkpoint.TimestampToken.IsEmpty ? null : checkpoint.TimestampToken.ToByteArray();
        return new SignedCheckpoint(claimed, checkpoint.SignedBody.ToByteArray(), checkpoint.Signature.ToByteArray(), checkpoint.KeyId.ToByteArray(), token);
    }

    /// <summary>The RFC 9162 §2.1.3 audit path.</summary>
    public static InclusionProof ToAudit(this Proto.InclusionProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new InclusionProof(proof.LeafIndex, proof.TreeSize, proof.Hashes.Select(h => h.ToByteArray()).ToArray());
    }

    /// <summary>The RFC 9162 §2.1.4 consistency path.</summary>
    public static ConsistencyProof ToAudit(this Proto.ConsistencyProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new ConsistencyProof(proof.FirstTreeSize, proof.SecondTreeSize, proof.Hashes.Select(h => h.ToByteArray()).ToArray());
    }
}
