namespace DocExchange.Audit.Merkle;

/// <summary>RFC 9162 §2.1.3 audit path of one leaf in the tree of <see cref="TreeSize"/> leaves, bottom to top.</summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Hashes);
