namespace DocExchange.Client;

/// <summary>Which documents a listing returns.</summary>
/// <param name="Since">Only documents sent at or after this time.</param>
/// <param name="Until">Only documents sent before this time.</param>
/// <param name="IncludeRecalled">Include documents recalled from the caller's active inbox.</param>
/// <param name="PageSize">Documents per page; 0 for the server's default.</param>
public sealed record DocumentQuery(DateTimeOffset? Since = null, DateTimeOffset? Until = null, bool IncludeRecalled = false, int PageSize = 0);
