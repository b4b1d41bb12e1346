using System.Runtime.CompilerServices;
using DocExchange.Protocol.V1;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// The caller's inbox as an endless sequence: every unacknowledged delivery, every delivery after
    /// <see cref="InboxSubscriptionOptions.AfterCursor"/>, then each new one as it arrives. When the connection
    /// drops (or the server restarts) it reconnects with backoff from the last cursor seen, and skips what it has
    /// already yielded. Ends only when <paramref name="cancellationToken"/> is cancelled (or after
    /// <see cref="DocExchangeRetryOptions.MaxStreamReconnectAttempts"/> failed reconnections in a row).
    /// </summary>
    /// <remarks>Acknowledge each document with <see cref="AcknowledgeAsync"/> once it is safely stored, or it is delivered again.</remarks>
    public async IAsyncEnumerable<InboxDelivery> SubscribeInboxAsync(
        InboxSubscriptionOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new InboxSubscriptionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IncludeContentMaxBytes, nameof(options));
        var includeContentMaxBytes = options.IncludeContentMaxBytes;
        var lastCursor = options.AfterCursor;
        // Cursors of the unacknowledged deliveries yielded so far: the server sends them again after a reconnection.
        var yieldedPending = new HashSet<long>();
        var seenThisConnection = new HashSet<long>();
        var stream = _calls.ResumableStreamAsync(
            Exchange.Methods.SubscribeInbox,
            () =>
            {
                seenThisConnection.Clear();
                return new SubscribeInboxRequest { AfterCursor = lastCursor, IncludeContentMaxBytes = includeContentMaxBytes };
            },
            cancellationToken);

        await foreach (var item in stream.ConfigureAwait(false))
        {
            if (item.EventCase == InboxEvent.EventOneofCase.CaughtUp)
            {
                lastCursor = Math.Max(lastCursor, item.Cursor);
                // What was not sent again has been acknowledged meanwhile, and will not come back.
                yieldedPending.IntersectWith(seenThisConnection);
                options.CaughtUp?.Invoke(lastCursor);
                continue;
            }

            if (item.EventCase != InboxEvent.EventOneofCase.Delivery)
            {
                continue;
            }

            seenThisConnection.Add(item.Cursor);
            var alreadyYielded = yieldedPending.Contains(item.Cursor) || (item.Cursor <= lastCursor && !item.Delivery.Pending);
            lastCursor = Math.Max(lastCursor, item.Cursor);
            if (alreadyYielded && !options.YieldRedeliveries)
            {
                continue;
            }

            if (item.Delivery.Pending)
            {
                yieldedPending.Add(item.Cursor);
            }

            yield return new InboxDelivery(item.Cursor, item.Delivery);
        }
    }
}
