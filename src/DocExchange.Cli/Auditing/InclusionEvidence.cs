using DocExchange.Audit.Merkle;

namespace DocExchange.Cli.Auditing;

/// <summary>One event's leaf bytes and the proof that it sits at <see cref="InclusionProof.LeafIndex"/> of a tree.</summary>
public sealed record InclusionEvidence(string Label, byte[] Leaf, InclusionProof Proof);
