using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Paging;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    private const string SentPageKind = "sent";
    private const string ReceivedPageKind = "received";

    /// <summary>The documents an agency sent, newest first.</summary>
    public Task<Page<DocumentSummary>> ListSentAsync(AgencyCode sender, DocumentListRequest request, CancellationToken cancellationToken) =>
        ListAsync(SentPageKind, request, query => _store.ListSentAsync(sender, query, cancellationToken));

    /// <summary>The documents delivered to an agency, newest first, with its latest status of each.</summary>
    public Task<Page<DocumentSummary>> ListReceivedAsync(AgencyCode recipient, DocumentListRequest request, CancellationToken cancellationToken) =>
        ListAsync(ReceivedPageKind, request, query => _store.ListReceivedAsync(recipient, query, cancellationToken));

    private async Task<Page<DocumentSummary>> ListAsync(
        string kind, DocumentListRequest request, Func<DocumentListQuery, Task<IReadOnlyList<ListedDocument>>> list)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Since is { } since && request.Until is { } until && until < since)
            throw ExchangeException.InvalidArgument($"the listing ends ({until:O}) before it starts ({since:O})");
        var size = PageSize(request.Page);
        var before = PageToken.DecodeInt64(kind, request.Page?.PageToken);
        var rows = await list(new DocumentListQuery(before, request.Since, request.Until, request.IncludeRecalled, size + 1)).ConfigureAwait(false);
        if (rows.Count <= size) return new Page<DocumentSummary>(rows.Select(r => r.Summary).ToList(), null);
        var items = rows.Take(size).ToList();
        return new Page<DocumentSummary>(
            items.Select(r => r.Summary).ToList(),
            PageToken.Encode(kind, items[^1].Position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
