using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;

namespace DocExchange.Core.Delivery;

/// <summary>One entry of an agency's inbox, with the document it is about.</summary>
/// <param name="Cursor">Increasing position in the inbox; resume a subscription after it.</param>
/// <param name="Pending">Not yet acknowledged; redelivered on every subscription until it is.</param>
public sealed record InboxDelivery(
    long Cursor,
    AgencyCode Recipient,
    DeliveryKind Kind,
    StoredDocument Document,
    DateTimeOffset DeliveredAt,
    bool Pending,
    string? Reason);
