namespace DocExchange.Core.Documents;

/// <summary>A part as the sender declares it before streaming it.</summary>
/// <param name="Sha256">Optional: when given, the computed SHA-256 must match.</param>
public sealed record PartDeclaration(
    string PartId,
    PartKind Kind,
    string FileName,
    string ContentType,
    long Size,
    ReadOnlyMemory<byte>? Sha256 = null);
