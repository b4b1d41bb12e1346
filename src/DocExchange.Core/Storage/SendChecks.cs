using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;

namespace DocExchange.Core.Storage;

/// <summary>What a send checks before it reads any content, read in one snapshot.</summary>
/// <param name="Agencies">Each registered agency among those asked for, with whether it is active; an unregistered one is absent.</param>
/// <param name="ByMessageId">The document the sender first sent under the message id; null when the id is new.</param>
/// <param name="ById">The document stored under the document id; null when the id is free.</param>
public sealed record SendChecks(IReadOnlyDictionary<AgencyCode, bool> Agencies, StoredDocument? ByMessageId, StoredDocument? ById);
