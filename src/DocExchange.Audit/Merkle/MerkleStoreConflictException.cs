namespace DocExchange.Audit.Merkle;

/// <summary>Another writer appended to the log between reading its size and writing; retry the append.</summary>
public sealed class MerkleStoreConflictException : Exception
{
    public MerkleStoreConflictException(long expectedTreeSize, long actualTreeSize)
        : base($"The audit log has {actualTreeSize} leaves, not the {expectedTreeSize} this append was computed for: another writer appended first. Retry the append.")
    {
        ExpectedTreeSize = expectedTreeSize;
        ActualTreeSize = actualTreeSize;
    }

    public long ExpectedTreeSize { get; }

    public long ActualTreeSize { get; }
}
