using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Notifications;
using DocExchange.Core.Paging;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

/// <summary>
/// The use cases of the exchange, independent of any transport: the registry, sending, inboxes, fetching,
/// statuses and listings. Refusals are <see cref="ExchangeException"/>s. Callers pass the authenticated agency
/// as an <see cref="AgencyCode"/> and request fields as received (strings), which are checked here.
/// </summary>
public sealed partial class ExchangeService
{
    private readonly IExchangeStore _store;
    private readonly IBlobStore _blobs;
    private readonly IChangeNotifier _notifier;
    private readonly ExchangeOptions _options;
    private readonly TimeProvider _time;

    public ExchangeService(IExchangeStore store, IBlobStore blobs, IChangeNotifier notifier, ExchangeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public ExchangeOptions Options => _options;

    /// <summary>
    /// Raised, on the committing thread, after an agency's registry entry changed through this instance: registered,
    /// updated, deactivated, a CA added or a CRL published. Lets caches of the registry drop what they hold before
    /// the change is answered. Other instances sharing the database do not raise it.
    /// </summary>
    public event Action<AgencyCode>? AgencyChanged;

    private void OnAgencyChanged(AgencyCode code) => AgencyChanged?.Invoke(code);

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Wakes the audit log integrator after a commit that wrote an audit event.</summary>
    private ValueTask AuditCommittedAsync() => _notifier.PublishAsync(ChangeTopic.AuditLog, CancellationToken.None);

    private static AgencyCode ParseCode(string? text, string field) =>
        AgencyCode.TryParse(text, out var code, out var error) ? code : throw ExchangeException.InvalidArgument($"{field}: {error}");

    private static DocumentId ParseDocumentId(string? text) =>
        DocumentId.TryParse(text, out var id, out var error) ? id : throw ExchangeException.InvalidArgument(error);

    private int PageSize(PageRequest? page)
    {
        var size = page?.PageSize ?? 0;
        if (size < 0) throw ExchangeException.InvalidArgument($"page size {size} is negative: use 0 for the default or a positive size");
        return size == 0 ? _options.DefaultPageSize : Math.Min(size, _options.MaxPageSize);
    }

    private static ExchangeException DocumentNotFound(DocumentId id, AgencyCode caller) =>
        ExchangeException.NotFound($"document {id} was not found among the documents agency {caller} sent or received");
}
