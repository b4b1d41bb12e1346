using DocExchange.Core.Agencies;

namespace DocExchange.Core.Documents;

/// <summary>
/// A document to send: the fields the domain acts on, plus the whole edXML header as an opaque blob
/// (the server serialises its protobuf DocumentHeader into <see cref="Header"/>).
/// </summary>
/// <param name="Sender">The authenticated sending agency.</param>
/// <param name="MessageId">Client-chosen, unique per sender; a repeat returns the first result.</param>
/// <param name="PromulgationDate">The date written into the DocumentId; the acceptance date (in <see cref="ExchangeOptions.DocumentDateOffset"/>) when null.</param>
/// <param name="ReferencedDocumentId">For replace/update/recall: the document acted on.</param>
/// <param name="Validation">Optional opaque validation report stored with the document.</param>
/// <param name="ValidationOutcome">The report's overall result (e.g. "TOTAL_PASSED"), recorded in the audit trail; empty when not validated.</param>
public sealed record OutgoingDocument(
    AgencyCode Sender,
    string MessageId,
    IReadOnlyList<string> Recipients,
    string CodeNumber,
    string CodeNotation,
    DateOnly? PromulgationDate,
    string Subject,
    BusinessDocType BusinessType,
    string? ReferencedDocumentId,
    ReadOnlyMemory<byte> Header,
    IReadOnlyList<PartDeclaration> Parts,
    ReadOnlyMemory<byte>? Validation = null,
    string? ValidationOutcome = null);
