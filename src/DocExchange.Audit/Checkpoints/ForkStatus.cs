namespace DocExchange.Audit.Checkpoints;

public enum ForkStatus
{
    /// <summary>The two checkpoints describe one history.</summary>
    Consistent,

    /// <summary>The checkpoints cannot both be true of one append-only log.</summary>
    Forked,

    /// <summary>Different sizes: a consistency proof between them is needed to decide.</summary>
    ConsistencyProofNeeded,
}
