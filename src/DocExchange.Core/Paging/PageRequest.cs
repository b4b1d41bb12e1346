namespace DocExchange.Core.Paging;

/// <summary>A page request: a size (0 = the default) and the opaque token of the previous page's end.</summary>
public sealed record PageRequest(int PageSize = 0, string? PageToken = null)
{
    public static PageRequest First { get; } = new();
}
