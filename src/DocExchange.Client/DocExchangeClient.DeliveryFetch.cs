using DocExchange.Client.Transport;
using DocExchange.Core.Files;
using DocExchange.Protocol.V1;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// One part of a delivered document into <paramref name="destination"/> (the main document when
    /// <paramref name="partId"/> is null): from the content pushed with the delivery when it has some
    /// (<see cref="InboxDelivery.HasContent"/>, checked against the part's size and SHA-256, no call made), otherwise
    /// fetched as <see cref="FetchAsync(string, Stream, string?, IProgress{TransferProgress}?, CancellationToken)"/> does.
    /// </summary>
    /// <returns>The header: the edXML metadata, the part (with its SHA-256) and the validation report.</returns>
    /// <exception cref="DocExchangeException">The content does not match its SHA-256 or size (<see cref="Grpc.Core.StatusCode.DataLoss"/>), or the fetch failed.</exception>
    public Task<FetchHeader> FetchAsync(
        InboxDelivery delivery, Stream destination, string? partId = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!delivery.HasContent)
        {
            return FetchAsync(delivery.DocumentId, destination, partId, progress, cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }

        return WritePushedPartAsync(delivery, destination, partId, progress, cancellationToken);
    }

    /// <summary>
    /// Every part of a delivered document into <paramref name="directory"/>, as
    /// <see cref="FetchAllAsync(string, string, IProgress{TransferProgress}?, CancellationToken)"/> writes them: from the
    /// content pushed with the delivery when it has some (checked against each part's size and SHA-256, no call made),
    /// otherwise fetched.
    /// </summary>
    /// <exception cref="DocExchangeException">The content does not match its SHA-256 or size (<see cref="Grpc.Core.StatusCode.DataLoss"/>), or the fetch failed.</exception>
    public Task<FetchedDocument> FetchAllAsync(
        InboxDelivery delivery, string directory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!delivery.HasContent)
        {
            return FetchAllAsync(delivery.DocumentId, directory, progress, cancellationToken);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return WritePushedPartsAsync(delivery, Path.GetFullPath(directory), progress, cancellationToken);
    }

    private static async Task<FetchHeader> WritePushedPartAsync(
        InboxDelivery delivery, Stream destination, string? partId, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var index = delivery.IndexOfPart(partId);
        var content = PushedContent.Checked(delivery.Delivery, index);
        var part = delivery.Delivery.Parts[index];
        await destination.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        new TransferCounter(part.Size, progress).Add(part.PartId, part.Size, part.Size, content.Length);
        return HeaderOf(delivery, [part]);
    }

    private static async Task<FetchedDocument> WritePushedPartsAsync(
        InboxDelivery delivery, string folder, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        // Every part checked before a folder or file is created.
        var contents = delivery.Delivery.Parts.Select((_, i) => PushedContent.Checked(delivery.Delivery, i)).ToList();
        var header = HeaderOf(delivery, delivery.Delivery.Parts);
        using var output = OutputFolder.Create(folder);
        var paths = PartPaths(header, output);
        var transfer = new TransferCounter(header.Parts.Sum(p => p.Size), progress);
        await using (var files = new PartFiles())
        {
            for (var i = 0; i < header.Parts.Count; i++)
            {
                var part = header.Parts[i];
                await files.Open(part.PartId, paths[part.PartId]).WriteAsync(contents[i], cancellationToken).ConfigureAwait(false);
                transfer.Add(part.PartId, part.Size, part.Size, contents[i].Length);
            }

            await files.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        output.Keep();
        return new FetchedDocument(header, paths);
    }

    private static FetchHeader HeaderOf(InboxDelivery delivery, IEnumerable<PartInfo> parts)
    {
        var header = new FetchHeader { Header = delivery.Header, Validation = delivery.Delivery.Validation };
        header.Parts.AddRange(parts);
        return header;
    }
}
