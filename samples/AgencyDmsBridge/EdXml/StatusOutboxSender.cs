using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using DocExchange.Samples.AgencyDmsBridge.Outbox;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>
/// Posts one NAME.edxml status package from the status outbox with <see cref="DocExchangeClient.PostStatusPackageAsync"/>.
/// The message id is derived from the package's SHA-256 and name, so a bridge restarted after posting but before
/// moving the file gets the first result back instead of a second status.
/// </summary>
public sealed class StatusOutboxSender(DocExchangeClient client, EdXmlFolders folders, ILogger<StatusOutboxSender> logger)
{
    /// <summary>A status package is a few kilobytes; anything larger is refused without being read into memory.</summary>
    public const int MaxPackageBytes = 1024 * 1024;

    public async Task<OutboxOutcome> ProcessAsync(string packagePath, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(packagePath);
        byte[]? package = null;
        long length;
        try
        {
            await using var file = Filing.OpenExclusively(packagePath);
            length = file.Length;
            if (length <= MaxPackageBytes)
            {
                package = new byte[length];
                await file.ReadExactlyAsync(package, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            logger.LogDebug("{File} is still being written; trying again later", fileName);
            return OutboxOutcome.Pending;
        }

        if (package is null)
        {
            return await FailAsync(packagePath,
                string.Create(CultureInfo.InvariantCulture, $"{fileName} is {length} bytes; a status package may be at most {MaxPackageBytes} bytes."),
                cancellationToken).ConfigureAwait(false);
        }

        var hash = SHA256.HashData(package);
        var messageId = OutboxSender.MessageIdFor(hash, fileName);
        StatusReport status;
        try
        {
            status = await client.PostStatusPackageAsync(package, messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (DocExchangeException e) when (e.IsTransient)
        {
            logger.LogWarning("Could not reach the server to post {File} ({StatusCode}: {Detail}); trying again later", fileName, e.StatusCode, e.Detail);
            return OutboxOutcome.Pending;
        }
        catch (DocExchangeException e)
        {
            return await FailAsync(packagePath, $"The server refused the status package ({DocExchangeException.FormatCode(e.StatusCode)}): {e.Detail}", cancellationToken)
                .ConfigureAwait(false);
        }

        var code = ((int)status.StatusCode).ToString("D2", CultureInfo.InvariantCulture);
        var record = new PostedStatusRecord(status.DocumentId, messageId, code, status.Recipient, status.Sequence, Convert.ToHexStringLower(hash), DateTimeOffset.UtcNow);
        var target = await Filing.FileAsync(packagePath, folders.Sent, ".sent.json", JsonSerializer.Serialize(record, Filing.RecordJson),
            existing => existing.Contains(messageId, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Posted {File}: status {Code} of {DocumentId} (sequence {Sequence}); filed as {Target}",
            fileName, code, status.DocumentId, status.Sequence, target);
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

/// <summary>NAME.sent.json for a posted status package: what the server recorded.</summary>
public sealed record PostedStatusRecord(
    string DocumentId, string MessageId, string Code, string Recipient, long Sequence, string Sha256, DateTimeOffset PostedAt);
