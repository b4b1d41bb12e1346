namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// A checkpoint as published: the claimed fields, the exact signed body, an ECDSA P-256/SHA-256 DER signature
/// over the body, and the key id (SHA-256 of the signer's SubjectPublicKeyInfo). Trust it only after
/// <see cref="CheckpointVerifier.Verify"/>. <see cref="TimestampToken"/>, when present, is an RFC 3161
/// TimeStampToken (DER ContentInfo) over SHA-256 of <see cref="Body"/>: an external proof that the body existed by
/// the token's time (check it with <see cref="CheckpointTimestampCheck"/>).
/// </summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, byte[] Body, byte[] Signature, byte[] KeyId, byte[]? TimestampToken = null);
