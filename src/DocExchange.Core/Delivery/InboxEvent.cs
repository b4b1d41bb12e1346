namespace DocExchange.Core.Delivery;

/// <summary>An item of an inbox subscription: a delivery, or the "caught up" marker (Delivery null) once the backlog is sent.</summary>
public sealed record InboxEvent(long Cursor, InboxDelivery? Delivery)
{
    public bool IsCaughtUp => Delivery is null;
}
