namespace DocExchange.Client;

/// <summary>Where an inbox subscription starts and what it yields.</summary>
public sealed class InboxSubscriptionOptions
{
    /// <summary>Yield deliveries after this cursor (every unacknowledged one is yielded whatever the cursor). Default 0: all.</summary>
    public long AfterCursor { get; set; }

    /// <summary>
    /// After a reconnection the server sends every unacknowledged delivery again. False (default): those this
    /// enumeration has already yielded are skipped. True: they are yielded again.
    /// </summary>
    public bool YieldRedeliveries { get; set; }

    /// <summary>Called, with the inbox cursor, each time the backlog has been sent and the stream is live (after every reconnection too).</summary>
    public Action<long>? CaughtUp { get; set; }
}
