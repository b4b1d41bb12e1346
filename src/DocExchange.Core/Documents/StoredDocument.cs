using DocExchange.Core.Agencies;

namespace DocExchange.Core.Documents;

/// <summary>A committed document with its parts (in declared order), recipients and route.</summary>
public sealed record StoredDocument(
    DocumentId Id,
    AgencyCode Sender,
    string MessageId,
    IReadOnlyList<AgencyCode> Recipients,
    string Subject,
    BusinessDocType BusinessType,
    DocumentId? ReferencedDocumentId,
    ReadOnlyMemory<byte> Header,
    ReadOnlyMemory<byte>? Validation,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<StoredPart> Parts,
    IReadOnlyList<TraceHop> Trace)
{
    public bool IsVisibleTo(AgencyCode agency) => agency == Sender || Recipients.Contains(agency);

    public StoredPart? FindPart(string partId) => Parts.FirstOrDefault(p => p.PartId == partId);
}
