using DocExchange.Core.Storage;

namespace DocExchange.Core.Auditing;

/// <summary>The SHA-256 of one part of a document (or of its validation report), as the audit trail records it.</summary>
public sealed record PartHash(string PartId, Sha256Digest Sha256);
