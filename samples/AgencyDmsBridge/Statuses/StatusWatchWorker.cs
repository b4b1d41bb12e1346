using DocExchange.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Statuses;

/// <summary>Follows the statuses recipients report about this agency's sent documents, logs them and records them.</summary>
public sealed class StatusWatchWorker(DocExchangeClient client, ISentStatusStore store, BridgeOptions options, ILogger<StatusWatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A document id starts with its sender's code (edXML: "<sender>,<date>,<number>/<notation>").
        var ownPrefix = options.AgencyCode + ",";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var after = await store.ReadCursorAsync(stoppingToken).ConfigureAwait(false);
                await foreach (var status in client.WatchStatusesAsync(after, cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    if (!status.DocumentId.StartsWith(ownPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    await store.RecordAsync(status, stoppingToken).ConfigureAwait(false);
                    logger.LogInformation(
                        "Status {Code} ({Name}) of {DocumentId} from {Recipient}: {Description}",
                        ((int)status.StatusCode).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), status.StatusCode,
                        status.DocumentId, status.Recipient, status.Description);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DocExchangeException e)
            {
                logger.LogError("The status watch ended ({StatusCode}: {Detail}); watching again in {Delay}", e.StatusCode, e.Detail, options.ResubscribeDelay);
                await Task.Delay(options.ResubscribeDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // Not recorded, so the cursor did not move: the status comes again with the next watch.
                logger.LogError(e, "Could not record a status; watching again in {Delay}", options.ResubscribeDelay);
                await Task.Delay(options.ResubscribeDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
