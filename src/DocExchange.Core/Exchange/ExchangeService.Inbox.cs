using System.Buffers;
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
    public IAsyncEnumerable<InboxEvent> SubscribeInboxAsync(AgencyCode recipient, long afterCursor, CancellationToken cancellationToken) =>
        SubscribeInboxAsync(recipient, afterCursor, includeContentMaxBytes: 0, cancellationToken);

    /// <summary>
    /// As <see cref="SubscribeInboxAsync(AgencyCode, long, CancellationToken)"/>, with the content of each document
    /// delivery whose parts together are at most <paramref name="includeContentMaxBytes"/> (and at most
    /// <see cref="ExchangeOptions.PushContentMaxBytes"/>): see <see cref="InboxEvent.Contents"/>. 0: never.
    /// </summary>
    public async IAsyncEnumerable<InboxEvent> SubscribeInboxAsync(
        AgencyCode recipient, long afterCursor, long includeContentMaxBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (includeContentMaxBytes < 0)
            throw Errors.ExchangeException.InvalidArgument(
                $"include_content_max_bytes is {includeContentMaxBytes}: give 0 (no content with deliveries) or a size in bytes");
        await RequireRegisteredAsync(recipient, cancellationToken).ConfigureAwait(false);
        afterCursor = Math.Max(afterCursor, 0);
        var batch = _options.StreamBatchSize;
        var contentLimit = Math.Min(includeContentMaxBytes, _options.PushContentMaxBytes);

        // The content of the delivery being yielded, in pooled buffers given back once the consumer asks for the next.
        var rented = new List<byte[]>();
        try
        {
            // Subscribe before reading the backlog: a delivery committed meanwhile then wakes the live phase.
            using var signal = _notifier.Subscribe(ChangeTopic.Inbox(recipient));

            var position = 0L;
            while (true)
            {
                var pending = await _store.ReadPendingAsync(recipient, position, afterCursor, batch, cancellationToken).ConfigureAwait(false);
                foreach (var delivery in pending)
                {
                    yield return await EventOfAsync(delivery, contentLimit, rented, cancellationToken).ConfigureAwait(false);
                    ReturnAll(rented);
                    position = delivery.Cursor;
                }
                if (pending.Count < batch) break;
            }

            position = afterCursor;
            var caughtUp = false;
            while (true)
            {
                await foreach (var delivery in DeliveriesAfterAsync(recipient, position, batch, cancellationToken).ConfigureAwait(false))
                {
                    yield return await EventOfAsync(delivery, contentLimit, rented, cancellationToken).ConfigureAwait(false);
                    ReturnAll(rented);
                    position = delivery.Cursor;
                }

                // Once, after the backlog; then each wake-up reads what committed since.
                if (!caughtUp)
                {
                    caughtUp = true;
                    yield return new InboxEvent(position, null);
                }
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ReturnAll(rented);
        }
    }

    /// <summary>The deliveries of the inbox after <paramref name="position"/>, read a page at a time.</summary>
    private async IAsyncEnumerable<InboxDelivery> DeliveriesAfterAsync(
        AgencyCode recipient, long position, int batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await _store.ReadInboxAfterAsync(recipient, position, batch, cancellationToken).ConfigureAwait(false);
            foreach (var delivery in page)
            {
                yield return delivery;
                position = delivery.Cursor;
            }
            if (page.Count < batch) yield break;
        }
    }

    // Read only as each delivery is yielded: a subscription holds one delivery's content at a time.
    private async ValueTask<InboxEvent> EventOfAsync(InboxDelivery delivery, long contentLimit, List<byte[]> rented, CancellationToken cancellationToken)
    {
        if (delivery.Kind != DeliveryKind.Document || contentLimit <= 0 || delivery.Document.Parts.Sum(p => p.Size) > contentLimit)
        {
            return new InboxEvent(delivery.Cursor, delivery);
        }

        var contents = new List<PartContent>(delivery.Document.Parts.Count);
        foreach (var part in delivery.Document.Parts)
        {
            try
            {
                await using var opened = await OpenPartAsync(delivery.Document, part, cancellationToken).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent((int)part.Size);
                rented.Add(buffer);
                await ReadWholeAsync(opened, buffer, cancellationToken).ConfigureAwait(false);
                contents.Add(new PartContent(part.PartId, buffer.AsMemory(0, (int)part.Size)));
            }
            catch (Errors.ExchangeException e) when (e.Kind == Errors.ExchangeErrorKind.DataLoss)
            {
                return new InboxEvent(delivery.Cursor, delivery, ContentWithheld: e.Message);
            }
        }

        return new InboxEvent(delivery.Cursor, delivery, contents);
    }

    /// <summary>Reads a part to its end (where its stream checks the size and SHA-256); a longer content is a loss too.</summary>
    private static async Task ReadWholeAsync(Documents.OpenedPart opened, byte[] buffer, CancellationToken cancellationToken)
    {
        var bytes = buffer.AsMemory(0, (int)opened.Part.Size);
        var filled = 0;
        while (filled < bytes.Length)
        {
            var n = await opened.Content.ReadAsync(bytes[filled..], cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
        }

        // The read at the end makes the stream compare what it read with the recorded size and SHA-256.
        var beyond = new byte[1];
        if (await opened.Content.ReadAsync(beyond, cancellationToken).ConfigureAwait(false) != 0)
            throw Errors.ExchangeException.DataLoss(
                $"the stored content of part '{opened.Part.PartId}' is longer than its recorded {opened.Part.Size} bytes: report this to the operator");
    }

    private static void ReturnAll(List<byte[]> rented)
    {
        foreach (var buffer in rented) ArrayPool<byte>.Shared.Return(buffer);
        rented.Clear();
    }
}
