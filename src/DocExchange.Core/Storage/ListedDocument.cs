using DocExchange.Core.Documents;

namespace DocExchange.Core.Storage;

/// <summary>A document in a listing, with its keyset position.</summary>
public sealed record ListedDocument(long Position, DocumentSummary Summary);
