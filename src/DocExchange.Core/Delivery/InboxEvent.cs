namespace DocExchange.Core.Delivery;

/// <summary>An item of an inbox subscription: a delivery, or the "caught up" marker (Delivery null) once the backlog is sent.</summary>
/// <param name="Contents">
/// When the subscriber asked for content and the document is small enough: every part's content, in the order of the
/// document's parts. Null otherwise. The bytes are pooled: valid until the subscription is asked for its next event.
/// </param>
/// <param name="ContentWithheld">
/// Why content that was due was not included (the stored content is missing or no longer matches its SHA-256); the
/// delivery goes out without it, and a fetch reports the loss.
/// </param>
public sealed record InboxEvent(long Cursor, InboxDelivery? Delivery, IReadOnlyList<PartContent>? Contents = null, string? ContentWithheld = null)
{
    public bool IsCaughtUp => Delivery is null;
}
