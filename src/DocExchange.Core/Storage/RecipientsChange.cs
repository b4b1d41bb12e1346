using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;

namespace DocExchange.Core.Storage;

/// <summary>
/// A change of a sent document's recipients (edXML business type 2, Nghị định 30/2020 Art. 18): added recipients get a
/// delivery of the document (<see cref="Delivery.DeliveryKind.Document"/>, pending until 01); removed ones leave the
/// recipients, their pending entries of the document are closed and they get a
/// <see cref="Delivery.DeliveryKind.RecipientRemoved"/> notice (already acknowledged: nothing can answer it).
/// </summary>
/// <param name="ExpectedRecipients">The current recipients the change was computed from; the store writes nothing if they changed meanwhile.</param>
public sealed record RecipientsChange(
    DocumentId DocumentId,
    IReadOnlyList<AgencyCode> ExpectedRecipients,
    IReadOnlyList<AgencyCode> Added,
    IReadOnlyList<AgencyCode> Removed,
    string? Reason,
    DateTimeOffset At);
