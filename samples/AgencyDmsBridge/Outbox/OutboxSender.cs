using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocExchange.Client;
using DocExchange.Samples.AgencyDmsBridge.Files;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>What became of one outbox entry.</summary>
public enum OutboxOutcome
{
    /// <summary>Not ready (no sidecar yet, a file still being written) or the server is unreachable: tried again later.</summary>
    Pending,

    /// <summary>Sent (or found already sent) and moved to the sent folder.</summary>
    Sent,

    /// <summary>Refused, by the bridge or the server, and moved to the error folder with the reason.</summary>
    Failed,
}

/// <summary>
/// Sends one NAME.pdf + NAME.json from the outbox. The message id is derived from the PDF's SHA-256 and name, so a
/// bridge restarted after sending but before moving the files gets the first result back instead of a second copy.
/// </summary>
public sealed class OutboxSender(DocExchangeClient client, BridgeFolders folders, ILogger<OutboxSender> logger)
{
    public async Task<OutboxOutcome> ProcessAsync(string pdfPath, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(pdfPath);
        var fileName = Path.GetFileName(pdfPath);
        var sidecarPath = Path.Combine(folders.Outbox, name + ".json");
        if (!File.Exists(sidecarPath))
        {
            logger.LogDebug("Waiting for the metadata {Sidecar} of {File}", name + ".json", fileName);
            return OutboxOutcome.Pending;
        }

        string sidecarText;
        byte[] hash;
        try
        {
            sidecarText = await File.ReadAllTextAsync(sidecarPath, cancellationToken).ConfigureAwait(false);
            hash = await Filing.HashExclusivelyAsync(pdfPath, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            logger.LogDebug("{File} is still being written; trying again later", fileName);
            return OutboxOutcome.Pending;
        }

        SidecarMetadata metadata;
        try
        {
            metadata = SidecarMetadata.Parse(sidecarText, name + ".json");
        }
        catch (InvalidDataException e)
        {
            return await FailAsync(name, [], e.Message, cancellationToken).ConfigureAwait(false);
        }

        var attachments = (metadata.Attachments ?? []).Select(a => Path.Combine(folders.Outbox, Path.GetFileName(a))).ToList();
        var absent = attachments.Where(a => !File.Exists(a)).Select(Path.GetFileName).ToList();
        if (absent.Count > 0)
        {
            return await FailAsync(name, attachments, $"Attachment(s) not found in the outbox: {string.Join(", ", absent)}.", cancellationToken)
                .ConfigureAwait(false);
        }

        var messageId = MessageIdFor(hash, fileName);
        try
        {
            var builder = new OutgoingDocumentBuilder().WithMessageId(messageId).Metadata(metadata.ApplyTo).MainDocument(pdfPath);
            foreach (var attachment in attachments)
            {
                builder.Attach(attachment);
            }

            var sent = await client.SendAsync(builder, cancellationToken: cancellationToken).ConfigureAwait(false);
            var record = new SentRecord(sent.DocumentId, messageId, sent.Duplicate, [.. sent.Recipients], Convert.ToHexStringLower(hash), DateTimeOffset.UtcNow);
            await MoveToSentAsync(name, attachments, record, cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "Sent {File} as {DocumentId} to {Recipients} (message {MessageId}, duplicate {Duplicate})",
                fileName, sent.DocumentId, record.Recipients, messageId, sent.Duplicate);
            return OutboxOutcome.Sent;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return await FailAsync(name, attachments, $"The metadata in {name}.json is not acceptable: {e.Message}", cancellationToken).ConfigureAwait(false);
        }
        catch (DocExchangeException e) when (!e.IsTransient)
        {
            return await FailAsync(name, attachments, $"The server refused the document ({e.StatusCode}): {e.Detail}", cancellationToken).ConfigureAwait(false);
        }
        catch (DocExchangeException e)
        {
            logger.LogWarning("Could not reach the server to send {File} ({StatusCode}: {Detail}); trying again later", fileName, e.StatusCode, e.Detail);
            return OutboxOutcome.Pending;
        }
    }

    /// <summary>SHA-256 over the content's SHA-256 and the file name: stable across restarts, distinct per file.</summary>
    public static string MessageIdFor(byte[] contentHash, string fileName)
    {
        var name = Encoding.UTF8.GetBytes(fileName);
        return "dms-" + Convert.ToHexStringLower(SHA256.HashData([.. contentHash, 0, .. name]));
    }

    private async Task MoveToSentAsync(string name, IReadOnlyList<string> attachments, SentRecord record, CancellationToken cancellationToken)
    {
        var target = Filing.UniqueBaseName(folders.Sent, name, ".sent.json", existing => existing.Contains(record.MessageId, StringComparison.Ordinal));
        // The record first: if the bridge stops before the moves, the files are sent again and the server answers "duplicate".
        await DurableFiles.WriteTextAsync(Path.Combine(folders.Sent, target + ".sent.json"), JsonSerializer.Serialize(record, Filing.RecordJson), cancellationToken)
            .ConfigureAwait(false);
        MoveAll(name, attachments, folders.Sent, target);
    }

    private async Task<OutboxOutcome> FailAsync(string name, IReadOnlyList<string> attachments, string reason, CancellationToken cancellationToken)
    {
        var target = Filing.UniqueBaseName(folders.Error, name, ".error.txt", _ => false);
        await DurableFiles.WriteTextAsync(Path.Combine(folders.Error, target + ".error.txt"), reason + Environment.NewLine, cancellationToken)
            .ConfigureAwait(false);
        MoveAll(name, attachments.Where(File.Exists).ToList(), folders.Error, target);
        logger.LogWarning("{File} moved to the error folder as {Target}: {Reason}", name + ".pdf", target, reason);
        return OutboxOutcome.Failed;
    }

    private void MoveAll(string name, IReadOnlyList<string> attachments, string folder, string target)
    {
        foreach (var attachment in attachments)
        {
            File.Move(attachment, Path.Combine(folder, $"{target}.{Path.GetFileName(attachment)}"), overwrite: true);
        }

        File.Move(Path.Combine(folders.Outbox, name + ".json"), Path.Combine(folder, target + ".json"), overwrite: true);
        // The PDF last: it is what the scan looks for, so an interrupted move is completed on the next scan.
        File.Move(Path.Combine(folders.Outbox, name + ".pdf"), Path.Combine(folder, target + ".pdf"), overwrite: true);
    }
}

/// <summary>NAME.sent.json: what the server answered for a sent document.</summary>
public sealed record SentRecord(
    string DocumentId, string MessageId, bool Duplicate, IReadOnlyList<string> Recipients, string Sha256, DateTimeOffset SentAt);
