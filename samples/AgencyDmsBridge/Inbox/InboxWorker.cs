using System.Security.Cryptography;
using System.Text;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using DocExchange.Samples.AgencyDmsBridge.Files;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Inbox;

/// <summary>
/// Subscribes to the agency's inbox: stores each document, acknowledges it (01) only once it is safely on disk, then,
/// as a demonstration of a registry clerk's answer, reports it accepted (03). The inbox cursor is kept in
/// .cursor in the inbox folder so that a restart does not go through the whole history again; unacknowledged deliveries come
/// back whatever the cursor.
/// </summary>
public sealed class InboxWorker(
    DocExchangeClient client, IReceivedDocumentStore writer, BridgeOptions options, ILogger<InboxWorker> logger) : BackgroundService
{
    private string CursorPath => Path.Combine(writer.Folder, ".cursor");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        writer.RemoveLeftovers();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var subscription = new InboxSubscriptionOptions
                {
                    AfterCursor = await CursorFile.ReadAsync(CursorPath, stoppingToken).ConfigureAwait(false),
                    CaughtUp = cursor => logger.LogInformation("Inbox subscription is live at cursor {Cursor}", cursor),
                };
                await foreach (var delivery in client.SubscribeInboxAsync(subscription, stoppingToken).ConfigureAwait(false))
                {
                    await HandleAsync(delivery, stoppingToken).ConfigureAwait(false);
                    await CursorFile.WriteAsync(CursorPath, delivery.Cursor, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DocExchangeException e)
            {
                logger.LogError("The inbox subscription ended ({StatusCode}: {Detail}); subscribing again in {Delay}", e.StatusCode, e.Detail, options.ResubscribeDelay);
                await Task.Delay(options.ResubscribeDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        switch (delivery.Kind)
        {
            case DeliveryKind.Document:
                await ReceiveAsync(delivery, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryKind.RecallRequest:
                logger.LogWarning("The sender asks to recall {DocumentId}: answer 15 (agree) or 16 (refuse) from the document-management system", delivery.DocumentId);
                break;
            case DeliveryKind.RecipientRemoved:
                logger.LogWarning("The sender removed this agency from the recipients of {DocumentId}", delivery.DocumentId);
                break;
            default:
                logger.LogWarning("Ignoring a delivery of unknown kind {Kind} for {DocumentId}", delivery.Kind, delivery.DocumentId);
                break;
        }
    }

    private async Task ReceiveAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var id = delivery.DocumentId;
        if (!delivery.Pending && writer.Holds(id))
        {
            return;
        }

        string stored;
        try
        {
            stored = await writer.StoreAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DocExchangeException or IOException or UnauthorizedAccessException)
        {
            // Not acknowledged: the server delivers it again on the next subscription.
            logger.LogError(e, "Could not store {DocumentId}; it stays unacknowledged and will be delivered again", id);
            return;
        }

        logger.LogInformation("Received {DocumentId} from {Sender}: {Subject} into {Path}",
            id, delivery.Header.From?.OrganId, delivery.Header.Subject, stored);
        if (!delivery.Pending)
        {
            return;
        }

        try
        {
            await client.AcknowledgeAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Acknowledged {DocumentId} with 01 (arrived)", id);
            if (options.AcceptReceivedDocuments)
            {
                await client.PostStatusAsync(
                    id, ProcessingStatusCode.Accepted, "Registered by the agency's document-management system.",
                    messageId: StatusMessageId(id, ProcessingStatusCode.Accepted), cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Reported {DocumentId} as 03 (accepted)", id);
            }
        }
        catch (DocExchangeException e)
        {
            logger.LogError("Could not report the status of {DocumentId} ({StatusCode}: {Detail})", id, e.StatusCode, e.Detail);
        }
    }

    private static string StatusMessageId(string documentId, ProcessingStatusCode code) =>
        $"dms-status-{(int)code:D2}-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentId)));
}
