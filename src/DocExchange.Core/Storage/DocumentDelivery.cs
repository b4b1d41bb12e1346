using DocExchange.Core.Agencies;

namespace DocExchange.Core.Storage;

/// <summary>A document's sender and, when the agency asked about is one of its current recipients, the delivery state there.</summary>
public sealed record DocumentDelivery(AgencyCode Sender, DeliveryStateRecord? Delivery);
