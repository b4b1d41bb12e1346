using DocExchange.Client.Transport;
using DocExchange.Core.Files;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// Streams one part of a delivered (or sent) document into <paramref name="destination"/>: the main document
    /// when <paramref name="partId"/> is null. Checks the part's size and SHA-256 against the server's part end and
    /// the header; a mismatch throws a <see cref="DocExchangeException"/> with <see cref="Grpc.Core.StatusCode.DataLoss"/>,
    /// and the bytes already written to <paramref name="destination"/> must then be discarded.
    /// </summary>
    /// <returns>The header: the edXML metadata, the part fetched (with its SHA-256) and the validation report.</returns>
    /// <remarks>Retried after a transient failure when <paramref name="destination"/> can seek (it is rewound) or nothing was written yet.</remarks>
    public Task<FetchHeader> FetchAsync(
        string documentId, Stream destination, string? partId = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }

        var start = destination.CanSeek ? destination.Position : 0;
        var written = false;
        var attempts = 0;
        return _calls.ExecuteAsync(Exchange.Methods.Fetch.Name, CallSafety.IdempotentRead, () => destination.CanSeek || !written, async token =>
        {
            OperationTelemetry.Current?.Identify(documentId);
            if (attempts++ > 0 && destination.CanSeek)
            {
                destination.Position = start;
                destination.SetLength(start);
            }

            var header = await FetchPartOnceAsync(documentId, partId, _ => destination, () => written = true, progress, token).ConfigureAwait(false);
            await destination.FlushAsync(token).ConfigureAwait(false);
            return header;
        }, cancellationToken);
    }

    /// <summary>
    /// Fetches one part (the main document when <paramref name="partId"/> is null) into a file, replacing it.
    /// The file appears only once the content has been checked; after a failure no partial file is left.
    /// </summary>
    public Task<FetchHeader> FetchAsync(
        string documentId, string filePath, string? partId = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var target = Path.GetFullPath(filePath);
        return _calls.ExecuteAsync(Exchange.Methods.Fetch.Name, CallSafety.IdempotentRead, static () => true, async token =>
        {
            OperationTelemetry.Current?.Identify(documentId);
            await using var files = new PartFiles();
            var header = await FetchPartOnceAsync(documentId, partId, part => files.Open(part.PartId, target), static () => { }, progress, token).ConfigureAwait(false);
            await files.CommitAsync(token).ConfigureAwait(false);
            return header;
        }, cancellationToken);
    }

    /// <summary>
    /// Fetches every part of a document into <paramref name="directory"/> (created if needed), each under its
    /// file name, each checked against its SHA-256. Files appear only once every part has been checked.
    /// </summary>
    /// <remarks>
    /// File names are the sender's, made safe (<see cref="PartFileNames"/>): only the last segment of a path is kept,
    /// controls, escape sequences and bidirectional controls become '_', a name too long for a file system is
    /// shortened keeping its extension, and a name left empty, "." or ".." becomes "part-N". Every path is proven to
    /// lie inside <paramref name="directory"/> before anything is written. A refused or failed fetch leaves no folder
    /// it created behind.
    /// </remarks>
    public Task<FetchedDocument> FetchAllAsync(
        string documentId, string directory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = Path.GetFullPath(directory);
        return _calls.ExecuteAsync(Exchange.Methods.Fetch.Name, CallSafety.IdempotentRead, static () => true, attemptToken =>
            StallWatch.DownloadAsync(_calls.Options, Exchange.Methods.Fetch.Name, documentId, attemptToken, async (watch, token) =>
            {
                OperationTelemetry.Current?.Identify(documentId);
                using var call = _calls.Invoker.AsyncServerStreamingCall(
                    Exchange.Methods.Fetch, null, _calls.CallOptions(_calls.Options.TransferTimeout, token), new FetchRequest { DocumentId = documentId });
                var responses = watch.Reading(call.ResponseStream);
                var header = await ReadFetchHeaderAsync(responses, documentId, token).ConfigureAwait(false);
                using var output = OutputFolder.Create(folder);
                var paths = PartPaths(header, output);

                await using (var files = new PartFiles())
                {
                    await ReceivePartsAsync(responses, header, documentId, part => files.Open(part.PartId, paths[part.PartId]), static () => { }, progress, token)
                        .ConfigureAwait(false);
                    await files.CommitAsync(token).ConfigureAwait(false);
                }

                output.Keep();
                return new FetchedDocument(header, paths);
            }), cancellationToken);
    }

    /// <summary>Where each part of a document fetched into <paramref name="output"/> goes, by part id (see <see cref="FetchAllAsync(string, string, IProgress{TransferProgress}?, CancellationToken)"/>).</summary>
    private static Dictionary<string, string> PartPaths(FetchHeader header, OutputFolder output)
    {
        var names = PartFileNames.Assign(header.Parts.Select(p => (p.PartId, p.FileName)).ToList());
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Parts.Count; i++)
        {
            paths[header.Parts[i].PartId] = SafeFileName.PathInside(output.Path, names[i]);
        }

        return paths;
    }

    private Task<FetchHeader> FetchPartOnceAsync(
        string documentId, string? partId, Func<PartInfo, Stream> destinationFor, Action onWrite, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        StallWatch.DownloadAsync(_calls.Options, Exchange.Methods.Fetch.Name, documentId, cancellationToken, async (watch, token) =>
        {
            var requested = partId ?? string.Empty;
            while (true)
            {
                using var call = _calls.Invoker.AsyncServerStreamingCall(
                    Exchange.Methods.Fetch, null, _calls.CallOptions(_calls.Options.TransferTimeout, token), new FetchRequest { DocumentId = documentId, PartId = requested });
                var responses = watch.Reading(call.ResponseStream);
                var header = await ReadFetchHeaderAsync(responses, documentId, token).ConfigureAwait(false);
                if (requested.Length == 0 && header.Parts.Count != 1)
                {
                    // Every part is coming; only the main document is wanted. Ask again for it alone.
                    requested = header.Parts.FirstOrDefault(p => p.Kind == PartKind.MainDocument)?.PartId
                        ?? throw DocExchangeException.DataLoss($"document {documentId} has no main document", Exchange.Methods.Fetch.Name);
                    continue;
                }

                await ReceivePartsAsync(responses, header, documentId, destinationFor, onWrite, progress, token).ConfigureAwait(false);
                return header;
            }
        });

    private static async Task<FetchHeader> ReadFetchHeaderAsync(IAsyncStreamReader<FetchResponse> responses, string documentId, CancellationToken cancellationToken)
    {
        if (!await responses.MoveNext(cancellationToken).ConfigureAwait(false) || responses.Current.ResponseCase != FetchResponse.ResponseOneofCase.Header)
        {
            throw DocExchangeException.DataLoss($"the server's answer for document {documentId} did not start with its header", Exchange.Methods.Fetch.Name);
        }

        return responses.Current.Header;
    }

    private static async Task ReceivePartsAsync(
        IAsyncStreamReader<FetchResponse> responses, FetchHeader header, string documentId, Func<PartInfo, Stream> destinationFor,
        Action onWrite, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var receiver = new PartReceiver(header, documentId);
        var transfer = new TransferCounter(header.Parts.Sum(p => p.Size), progress);
        var telemetry = OperationTelemetry.Current;
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var message = responses.Current;
            switch (message.ResponseCase)
            {
                case FetchResponse.ResponseOneofCase.Chunk:
                    var part = receiver.Accept(message.Chunk);
                    onWrite();
                    await destinationFor(part).WriteAsync(message.Chunk.Data.Memory, cancellationToken).ConfigureAwait(false);
                    telemetry?.Received(message.Chunk.Data.Length);
                    transfer.Add(part.PartId, receiver.ReceivedOfCurrentPart, part.Size, message.Chunk.Data.Length);
                    break;
                case FetchResponse.ResponseOneofCase.PartEnd:
                    var ended = header.Parts.FirstOrDefault(p => p.PartId == message.PartEnd.PartId);
                    receiver.End(message.PartEnd);
                    if (ended is { Size: 0 })
                    {
                        // An empty part has no chunk: its (empty) file is created here.
                        destinationFor(ended);
                    }

                    break;
                default:
                    throw DocExchangeException.DataLoss($"the server sent a second header for document {documentId}", Exchange.Methods.Fetch.Name);
            }
        }

        receiver.Complete();
    }
}
