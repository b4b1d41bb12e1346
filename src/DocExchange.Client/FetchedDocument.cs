using DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>A document fetched into a folder.</summary>
/// <param name="Header">The edXML header, the parts (with their SHA-256) and the validation report.</param>
/// <param name="Files">The file each part was written to, by part id.</param>
public sealed record FetchedDocument(FetchHeader Header, IReadOnlyDictionary<string, string> Files);
