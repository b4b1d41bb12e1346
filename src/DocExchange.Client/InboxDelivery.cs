using DocExchange.Client.Transport;
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

    /// <summary>
    /// True when the server pushed the document's content with the delivery (<see cref="InboxSubscriptionOptions.IncludeContentMaxBytes"/>):
    /// <see cref="GetContent"/> returns it, and <see cref="DocExchangeClient.FetchAsync(InboxDelivery, Stream, string?, IProgress{TransferProgress}?, CancellationToken)"/>
    /// and <see cref="DocExchangeClient.FetchAllAsync(InboxDelivery, string, IProgress{TransferProgress}?, CancellationToken)"/> use it without calling Fetch.
    /// </summary>
    public bool HasContent => PushedContent.IsPresent(Delivery);

    /// <summary>
    /// The pushed content of one part (the main document when <paramref name="partId"/> is null), checked against the
    /// part's size and SHA-256 each time it is asked for.
    /// </summary>
    /// <exception cref="InvalidOperationException">No content came with this delivery (<see cref="HasContent"/> is false): fetch it.</exception>
    /// <exception cref="ArgumentException">The document has no part <paramref name="partId"/>.</exception>
    /// <exception cref="DocExchangeException">The pushed content does not match its size or SHA-256 (<see cref="Grpc.Core.StatusCode.DataLoss"/>).</exception>
    public ReadOnlyMemory<byte> GetContent(string? partId = null) => PushedContent.Checked(Delivery, IndexOfPart(partId));

    /// <summary>The position of a part (the main document when <paramref name="partId"/> is null) among the delivery's parts.</summary>
    internal int IndexOfPart(string? partId)
    {
        if (!HasContent)
        {
            throw new InvalidOperationException($"no content came with the delivery of document {DocumentId}: fetch it (FetchAsync or FetchAllAsync)");
        }

        for (var i = 0; i < Delivery.Parts.Count; i++)
        {
            if (partId is null ? Delivery.Parts[i].Kind == PartKind.MainDocument : Delivery.Parts[i].PartId == partId)
            {
                return i;
            }
        }

        throw new ArgumentException(
            $"document {DocumentId} has no {(partId is null ? "main document" : $"part '{partId}'")}; its parts are: {string.Join(", ", Delivery.Parts.Select(p => p.PartId))}",
            nameof(partId));
    }
}
