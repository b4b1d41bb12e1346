namespace DocExchange.Audit.Merkle;

/// <summary>RFC 9162 §2.1.4 consistency path showing the tree of <see cref="FirstTreeSize"/> is a prefix of the tree of <see cref="SecondTreeSize"/>.</summary>
public sealed record ConsistencyProof(long FirstTreeSize, long SecondTreeSize, IReadOnlyList<byte[]> Hashes);
