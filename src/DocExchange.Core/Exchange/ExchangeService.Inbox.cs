using System.Runtime.CompilerServices;
using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Notifications;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>
    /// An agency's inbox as an endless stream: first every pending (unacknowledged) delivery at or before
    /// <paramref name="afterCursor"/>, then every delivery after it, then a "caught up" marker, then each new
    /// delivery as it commits. Ends only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<InboxEvent> SubscribeInboxAsync(
        AgencyCode recipient, long afterCursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RequireRegisteredAsync(recipient, cancellationToken).ConfigureAwait(false);
        afterCursor = Math.Max(afterCursor, 0);
        var batch = _options.StreamBatchSize;

        // Subscribe before reading the backlog: a delivery committed meanwhile then wakes the live phase.
        using var signal = _notifier.Subscribe(ChangeTopic.Inbox(recipient));

        var position = 0L;
        while (true)
        {
            var pending = await _store.ReadPendingAsync(recipient, position, afterCursor, batch, cancellationToken).ConfigureAwait(false);
            foreach (var delivery in pending)
            {
                yield return new InboxEvent(delivery.Cursor, delivery);
                position = delivery.Cursor;
            }
            if (pending.Count < batch) break;
        }

        position = afterCursor;
        while (true)
        {
            var page = await _store.ReadInboxAfterAsync(recipient, position, batch, cancellationToken).ConfigureAwait(false);
            foreach (var delivery in page)
            {
                yield return new InboxEvent(delivery.Cursor, delivery);
                position = delivery.Cursor;
            }
            if (page.Count < batch) break;
        }

        yield return new InboxEvent(position, null);

        while (true)
        {
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var page = await _store.ReadInboxAfterAsync(recipient, position, batch, cancellationToken).ConfigureAwait(false);
                foreach (var delivery in page)
                {
                    yield return new InboxEvent(delivery.Cursor, delivery);
                    position = delivery.Cursor;
                }
                if (page.Count < batch) break;
            }
        }
    }
}
