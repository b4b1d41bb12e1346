using DocExchange.Audit.Merkle;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// What an auditor hands to <see cref="AuditTrailVerifier"/>: an export and/or up to two checkpoints (the export's
/// counts as one), a consistency proof between two of them, and inclusion proofs of events. Offline they come
/// from files; a network command fills the same record from the server's answers.
/// </summary>
public sealed record AuditEvidence(
    ExportEvidence? Export,
    IReadOnlyList<LabeledCheckpoint> Checkpoints,
    ConsistencyProof? Consistency,
    IReadOnlyList<InclusionEvidence> Inclusions)
{
    /// <summary>Checkpoints including the export's.</summary>
    public int CheckpointCount => Checkpoints.Count + (Export is null ? 0 : 1);

    /// <summary>Null when the combination makes sense, else the usage error to show.</summary>
    public string? Problem()
    {
        if (CheckpointCount == 0)
        {
            return "nothing to verify: give --export FILE, or --checkpoint FILE (with --consistency or --inclusion).";
        }
        if (CheckpointCount > 2)
        {
            return "at most two checkpoints can be compared (an export counts as one).";
        }
        if (Consistency is not null && CheckpointCount != 2)
        {
            return "--consistency needs two checkpoints to connect: --checkpoint OLD --checkpoint NEW, or --export with --checkpoint OLD.";
        }
        if (Export is null && CheckpointCount == 1 && Inclusions.Count == 0)
        {
            return "one checkpoint alone proves little: add --inclusion PROOF, a second --checkpoint with --consistency, or --export.";
        }
        return null;
    }
}
