using DocExchange.Core.Agencies;

namespace DocExchange.Core.Documents;

/// <summary>An outgoing document whose fields passed <see cref="OutgoingDocumentValidator"/>, with its codes parsed.</summary>
public sealed record ValidatedDocument(OutgoingDocument Document, IReadOnlyList<AgencyCode> Recipients, DocumentId? ReferencedDocumentId);
