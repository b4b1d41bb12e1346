namespace DocExchange.Core.Storage;

/// <summary>A blob's identity: its SHA-256 and size in bytes.</summary>
public readonly record struct BlobInfo(Sha256Digest Sha256, long Size);
