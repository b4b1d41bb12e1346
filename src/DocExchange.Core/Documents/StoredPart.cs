using DocExchange.Core.Storage;

namespace DocExchange.Core.Documents;

/// <summary>A stored part: its declared metadata with the size and SHA-256 measured while streaming.</summary>
public sealed record StoredPart(
    string PartId,
    PartKind Kind,
    string FileName,
    string ContentType,
    long Size,
    Sha256Digest Sha256);
