namespace DocExchange.Audit.Merkle;

/// <summary>Where a batch landed: its leaves got indices [FirstLeafIndex, TreeSize), and the new root.</summary>
public sealed record MerkleAppendResult(long FirstLeafIndex, long TreeSize, byte[] RootHash);
