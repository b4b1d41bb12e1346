using DocExchange.Core.Agencies;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Documents;

/// <summary>
/// A line of ListSent / ListReceived. A replaced document (edXML business type 3) stays listed as it was: the
/// contract's DocumentSummary has no "replaced" field, so the link is carried by the replacing document
/// (header.business.replaced_document_ids / document_id, and <see cref="StoredDocument.ReferencedDocumentId"/>).
/// </summary>
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
