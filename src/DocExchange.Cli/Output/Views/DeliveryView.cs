using DocExchange.Cli.Validation;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>One delivery in an inbox: a document, a recall request, or the sender's removal of the caller.</summary>
public sealed record DeliveryView(
    long Cursor,
    string DocumentId,
    string Kind,
    string? Sender,
    string? Number,
    string? Subject,
    string? Priority,
    DateTimeOffset? DeliveredAt,
    bool Pending,
    string? Reason,
    IReadOnlyList<PartView> Parts,
    IReadOnlyList<SignatureView> Signatures)
{
    public static DeliveryView From(long cursor, Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var header = delivery.Header ?? new DocumentHeader();
        return new DeliveryView(
            cursor,
            delivery.DocumentId,
            delivery.Kind switch
            {
                DeliveryKind.RecallRequest => "recallRequest",
                DeliveryKind.RecipientRemoved => "recipientRemoved",
                _ => "document",
            },
            header.From?.OrganId is { Length: > 0 } from ? from : null,
            header.Code is { } code ? $"{code.CodeNumber}/{code.CodeNotation}" : null,
            header.Subject.Length == 0 ? null : header.Subject,
            header.OtherInfo is { } other ? PriorityText.Name(other.Priority) : null,
            ProtoText.Time(delivery.DeliveredAt),
            delivery.Pending,
            delivery.Reason.Length == 0 ? null : delivery.Reason,
            delivery.Parts.Select(PartView.From).ToList(),
            SignatureView.From(delivery.Validation));
    }
}
