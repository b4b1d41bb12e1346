namespace DocExchange.Core.Storage;

/// <summary>A keyset page of a document listing, newest first.</summary>
/// <param name="BeforePosition">Only documents listed before this position (from the previous page's last <see cref="ListedDocument.Position"/>).</param>
public sealed record DocumentListQuery(long? BeforePosition, DateTimeOffset? Since, DateTimeOffset? Until, bool IncludeRecalled, int Limit);
