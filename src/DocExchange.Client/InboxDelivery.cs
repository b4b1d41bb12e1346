using DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>One delivery from the caller's inbox: a document, a recall request, or a removal from the recipients.</summary>
/// <param name="Cursor">Its position in the inbox; resume a subscription after it with <see cref="InboxSubscriptionOptions.AfterCursor"/>.</param>
/// <param name="Delivery">The delivery as the server sent it.</param>
public sealed record InboxDelivery(long Cursor, Delivery Delivery)
{
    /// <summary>The edXML document id, e.g. "000.00.00.G22,2024/05/01,7816/VPCP-TTĐT".</summary>
    public string DocumentId => Delivery.DocumentId;

    /// <summary>A document, a recall request (answer 15 or 16), or the sender's removal of the caller from the recipients.</summary>
    public DeliveryKind Kind => Delivery.Kind;

    /// <summary>The document's edXML header.</summary>
    public DocumentHeader Header => Delivery.Header;

    /// <summary>Not yet acknowledged with status 01: the server delivers it again on every subscription until it is.</summary>
    public bool Pending => Delivery.Pending;
}
