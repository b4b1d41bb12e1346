namespace DocExchange.Audit.Merkle;

/// <summary>
/// A complete (perfect) subtree: level 0 is a leaf hash, and (level, index) covers leaves
/// [index·2^level, (index+1)·2^level). Such a node never changes once the log reaches its last leaf.
/// </summary>
public readonly record struct MerkleNodeId(int Level, long Index)
{
    /// <summary>Index of the first leaf under this node.</summary>
    public long FirstLeaf => Index << Level;

    /// <summary>Number of leaves under this node.</summary>
    public long LeafCount => 1L << Level;

    public override string ToString() => $"({Level}, {Index})";
}
