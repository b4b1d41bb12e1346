using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Storage;

/// <summary>The stored state of one (document, recipient) pair; <see cref="Version"/> guards concurrent updates.</summary>
public sealed record DeliveryStateRecord(DocumentId DocumentId, AgencyCode Recipient, DeliveryState State, long Version, StatusCode? LatestStatus);
