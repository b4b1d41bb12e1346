using DocExchange.Core.Paging;

namespace DocExchange.Core.Documents;

/// <summary>Filters and paging for ListSent / ListReceived (newest first).</summary>
public sealed record DocumentListRequest(
    PageRequest? Page = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    bool IncludeRecalled = false);
