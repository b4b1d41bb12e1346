using System.Security.Cryptography;
using System.Text.Json;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using DocExchange.Samples.AgencyDmsBridge.Outbox;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>
/// Sends one NAME.edxml from the edXML outbox with <see cref="DocExchangeClient.SendPackageAsync(Stream, string?, IProgress{TransferProgress}?, CancellationToken)"/>,
/// streamed from the file. The message id is derived from the package's SHA-256 and name, as for a native outbox
/// entry, so a bridge restarted after sending but before moving the file gets the first result back.
/// </summary>
public sealed class EdXmlOutboxSender(DocExchangeClient client, EdXmlFolders folders, ILogger<EdXmlOutboxSender> logger)
{
    public async Task<OutboxOutcome> ProcessAsync(string packagePath, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(packagePath);
        FileStream package;
        try
        {
            package = Filing.OpenExclusively(packagePath);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            logger.LogDebug("{File} is still being written; trying again later", fileName);
            return OutboxOutcome.Pending;
        }

        string messageId;
        byte[] hash;
        SendResponse? sent;
        string? refusal = null;
        // The file stays open (and so locked against writers) until the server has answered.
        await using (package.ConfigureAwait(false))
        {
            hash = await SHA256.HashDataAsync(package, cancellationToken).ConfigureAwait(false);
            package.Position = 0;
            messageId = OutboxSender.MessageIdFor(hash, fileName);
            try
            {
                sent = await client.SendPackageAsync(package, messageId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (DocExchangeException e) when (e.IsTransient)
            {
                logger.LogWarning("Could not reach the server to send {File} ({StatusCode}: {Detail}); trying again later", fileName, e.StatusCode, e.Detail);
                return OutboxOutcome.Pending;
            }
            catch (DocExchangeException e)
            {
                refusal = $"The server refused the package ({DocExchangeException.FormatCode(e.StatusCode)}): {e.Detail}";
                sent = null;
            }
        }

        if (sent is null)
        {
            return await FailAsync(packagePath, refusal!, cancellationToken).ConfigureAwait(false);
        }

        var record = new SentRecord(sent.DocumentId, messageId, sent.Duplicate, [.. sent.Recipients], Convert.ToHexStringLower(hash), DateTimeOffset.UtcNow);
        var target = await Filing.FileAsync(packagePath, folders.Sent, ".sent.json", JsonSerializer.Serialize(record, Filing.RecordJson),
            existing => existing.Contains(messageId, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Sent {File} as {DocumentId} to {Recipients} (message {MessageId}, duplicate {Duplicate}, envelope signature {Envelope}); filed as {Target}",
            fileName, sent.DocumentId, record.Recipients, messageId, sent.Duplicate, sent.Validation?.EnvelopeSignature?.Status, target);
        return OutboxOutcome.Sent;
    }

    private async Task<OutboxOutcome> FailAsync(string packagePath, string reason, CancellationToken cancellationToken)
    {
        var target = await Filing.FileAsync(packagePath, folders.Failed, ".error.txt", reason + Environment.NewLine, _ => false, cancellationToken)
            .ConfigureAwait(false);
        logger.LogWarning("{File} moved to the failed folder as {Target}: {Reason}", Path.GetFileName(packagePath), target, reason);
        return OutboxOutcome.Failed;
    }
}
