namespace DocExchange.Audit.Trail;

/// <summary>One stored audit event found through the index: its sequence, the index values stored beside it, and its leaf bytes.</summary>
public sealed record IndexedAuditLeaf(long Sequence, AuditIndexValues Index, byte[] Leaf);
