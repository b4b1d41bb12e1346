namespace DocExchange.Audit.Merkle;

/// <summary>The node store lacks a node that its tree size says must exist.</summary>
public sealed class MerkleStoreCorruptException : Exception
{
    public MerkleStoreCorruptException(string message)
        : base(message)
    {
    }
}
