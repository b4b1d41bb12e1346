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

    /// <summary>
    /// Asks the server to push a document's content with its delivery when its parts together are at most this many
    /// bytes (the server also applies its own limit, DocExchange:Limits:PushContentMaxBytes: 256 KiB by default, at most
    /// 1 MiB). Such a delivery has <see cref="InboxDelivery.HasContent"/>, and fetching it through the
    /// <see cref="InboxDelivery"/> overloads of FetchAsync and FetchAllAsync makes no Fetch call. Default 0: never (an
    /// older server ignores it too).
    /// </summary>
    public long IncludeContentMaxBytes { get; set; }

    /// <summary>Called, with the inbox cursor, each time the backlog has been sent and the stream is live (after every reconnection too).</summary>
    public Action<long>? CaughtUp { get; set; }
}
