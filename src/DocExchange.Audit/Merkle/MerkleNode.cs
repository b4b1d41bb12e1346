namespace DocExchange.Audit.Merkle;

/// <summary>A complete subtree and its 32-byte hash, as written to an <see cref="IMerkleNodeStore"/>.</summary>
public readonly record struct MerkleNode(MerkleNodeId Id, byte[] Hash);
