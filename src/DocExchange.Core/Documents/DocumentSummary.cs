using DocExchange.Core.Agencies;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Documents;

/// <summary>A line of ListSent / ListReceived.</summary>
/// <param name="LatestStatus">For received documents: the caller's latest status; null when none or for sent ones.</param>
public sealed record DocumentSummary(
    DocumentId Id,
    AgencyCode Sender,
    string Subject,
    ReadOnlyMemory<byte> Header,
    DateTimeOffset SentAt,
    IReadOnlyList<AgencyCode> Recipients,
    StatusCode? LatestStatus,
    bool Recalled);
