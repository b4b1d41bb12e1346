namespace DocExchange.Audit.Trail;

/// <summary>One stored audit event: its sequence (the leaf index it must have) and its canonical leaf bytes, as stored.</summary>
public sealed record StoredAuditLeaf(long Sequence, byte[] Leaf);
