namespace DocExchange.Audit.Trail;

/// <summary>What an auditor needs to check checkpoints: the public key (DER SubjectPublicKeyInfo), its id, and the log's size.</summary>
public sealed record AuditLogInfo(byte[] PublicKey, byte[] KeyId, string SignatureAlgorithm, long TreeSize);
