using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using DocExchange.Client.Sending;
using DocExchange.Client.Transport;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// Sends a document: the header, then every part in chunks of <see cref="DocExchangeClientOptions.ChunkSize"/>,
    /// never holding a whole part in memory. Answers once the server has committed the document and every
    /// recipient's inbox entry. The SHA-256 of each part is computed on the way and checked against the server's.
    /// </summary>
    /// <remarks>
    /// Idempotent by <see cref="OutgoingDocumentBuilder.MessageId"/>: a retried or repeated send of the same document
    /// returns the first result with <see cref="SendResponse.Duplicate"/> set and stores nothing twice; reusing the
    /// message id for different metadata, recipients or content is refused with ALREADY_EXISTS naming the difference.
    /// Each part's SHA-256 is declared in the header when its content can be read twice (files, bytes, seekable
    /// streams), so that the server answers a repeat without the upload. Retried after UNAVAILABLE when every part can
    /// be read again (see <see cref="OutgoingDocumentBuilder"/>); progress then starts over.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The document is incomplete (nothing was sent).</exception>
    /// <exception cref="DocExchangeException">The server refused the document or could not be reached; DATA_LOSS when its hash of a part differs.</exception>
    public Task<SendResponse> SendAsync(OutgoingDocumentBuilder document, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (messageId, header, parts) = document.Build();
        return _calls.ExecuteAsync(
            Exchange.Methods.Send.Name,
            CallSafety.IdempotentWrite,
            () => parts.All(p => p.Source.CanReplay || !p.Source.Consumed),
            token => SendOnceAsync(messageId, header, parts, progress, token),
            cancellationToken);
    }

    private async Task<SendResponse> SendOnceAsync(
        string messageId, DocumentHeader document, IReadOnlyList<PartToSend> parts, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var telemetry = OperationTelemetry.Current;
        telemetry?.Identify(messageId: messageId);
        var opened = new List<OpenedContent>(parts.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(_calls.Options.ChunkSize);
        try
        {
            var header = new SendHeader { MessageId = messageId, Document = document };
            for (var i = 0; i < parts.Count; i++)
            {
                // Declared up front, the hash lets the server answer a repeated message id at once (or refuse it when the
                // content differs from the first send's) and check the upload.
                var sha256 = await parts[i].Source.ComputeSha256Async(cancellationToken).ConfigureAwait(false);
                var content = parts[i].Source.Open();
                opened.Add(content);
                header.Parts.Add(new PartInfo
                {
                    PartId = parts[i].PartId,
                    Kind = i == 0 ? PartKind.MainDocument : PartKind.Attachment,
                    FileName = parts[i].FileName,
                    ContentType = parts[i].ContentType,
                    Size = content.Length,
                    Sha256 = sha256 is null ? ByteString.Empty : ByteString.CopyFrom(sha256),
                });
            }

            return await StallWatch.UploadAsync(_calls.Options, Exchange.Methods.Send.Name, $"message {messageId}", cancellationToken,
                (watch, token) => UploadAsync(messageId, header, opened, buffer, progress, telemetry, watch, token)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var content in opened)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The call of one attempt: the upload, watched for stalls, then the server's answer.</summary>
    private async Task<SendResponse> UploadAsync(
        string messageId, SendHeader header, List<OpenedContent> opened, byte[] buffer, IProgress<TransferProgress>? progress, OperationTelemetry? telemetry,
        StallWatch watch, CancellationToken cancellationToken)
    {
        using var call = _calls.Invoker.AsyncClientStreamingCall(Exchange.Methods.Send, null, _calls.CallOptions(_calls.Options.TransferTimeout, cancellationToken));
        var hashes = new byte[header.Parts.Count][];
        var requests = watch.Writing(new LostConnectionWriter<SendRequest>(call.RequestStream));
        try
        {
            await requests.WriteAsync(new SendRequest { Header = header }, cancellationToken).ConfigureAwait(false);
            var transfer = new TransferCounter(header.Parts.Sum(p => p.Size), progress);
            for (var i = 0; i < header.Parts.Count; i++)
            {
                var hash = await StreamPartAsync(
                    requests, header.Parts[i], opened[i].Stream, buffer.AsMemory(0, _calls.Options.ChunkSize), transfer, telemetry, () => call.ResponseAsync.IsCompleted,
                    cancellationToken)
                    .ConfigureAwait(false);
                if (hash is null)
                {
                    // The server answered before the content was complete: a refusal (or a repeat) decided after the
                    // header. Its answer is the outcome; the rest of the content is not uploaded, nor reported as sent.
                    return await AnsweredBeforeTheContentAsync(call.ResponseAsync, messageId).ConfigureAwait(false);
                }

                hashes[i] = hash;
            }

            await requests.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The server may have answered already: a repeated message id is answered without reading the
            // content, and a refusal ends the call. Its answer, or its status, is the outcome.
            var early = await call.ResponseAsync.ConfigureAwait(false);
            if (early.Duplicate)
            {
                telemetry?.Identify(early.DocumentId);
                return early;
            }

            ExceptionDispatchInfo.Throw(ex);
            throw;
        }

        watch.Stop();
        var response = await call.ResponseAsync.ConfigureAwait(false);
        telemetry?.Identify(response.DocumentId);
        if (!response.Duplicate)
        {
            CheckStoredHashes(header, hashes, response);
        }

        return response;
    }

    private static async Task<SendResponse> AnsweredBeforeTheContentAsync(Task<SendResponse> response, string messageId)
    {
        var early = await response.ConfigureAwait(false);
        return early.Duplicate
            ? early
            : throw DocExchangeException.DataLoss($"the server accepted message {messageId} before its content was sent", Exchange.Methods.Send.Name);
    }

    /// <returns>The part's SHA-256, or null when the server answered before the part was sent (nothing more is written).</returns>
    private static async Task<byte[]?> StreamPartAsync(
        IClientStreamWriter<SendRequest> requests, PartInfo part, Stream content, Memory<byte> buffer, TransferCounter transfer, OperationTelemetry? telemetry, Func<bool> answered,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long sent = 0;
        while (sent < part.Size)
        {
            if (answered())
            {
                return null;
            }

            var want = (int)Math.Min(buffer.Length, part.Size - sent);
            var read = await content.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException(
                    $"The content of part '{part.PartId}' ({part.FileName}) ended after {sent} bytes, but it was declared with {part.Size}: was the file changed while sending?");
            }

            hash.AppendData(buffer.Span[..read]);
            // WriteAsync serialises the message before it returns, so the buffer can be reused without a copy.
            var chunk = new ContentChunk { PartId = part.PartId, Data = UnsafeByteOperations.UnsafeWrap(buffer[..read]) };
            await requests.WriteAsync(new SendRequest { Chunk = chunk }, cancellationToken).ConfigureAwait(false);
            sent += read;
            telemetry?.Sent(read);
            transfer.Add(part.PartId, sent, part.Size, read);
        }

        return hash.GetHashAndReset();
    }

    private static void CheckStoredHashes(SendHeader header, byte[][] sentHashes, SendResponse response)
    {
        for (var i = 0; i < header.Parts.Count; i++)
        {
            var partId = header.Parts[i].PartId;
            var stored = response.Parts.FirstOrDefault(p => p.PartId == partId);
            if (stored is null || !stored.Sha256.Span.SequenceEqual(sentHashes[i]))
            {
                throw DocExchangeException.DataLoss($"the server stored part '{partId}' of document {response.DocumentId} with SHA-256 {Hex(stored?.Sha256)}, but the client sent {Convert.ToHexStringLower(sentHashes[i])}",
                    Exchange.Methods.Send.Name);
            }
        }
    }

    private static string Hex(ByteString? bytes) => bytes is null ? "(none)" : Convert.ToHexStringLower(bytes.Span);
}
