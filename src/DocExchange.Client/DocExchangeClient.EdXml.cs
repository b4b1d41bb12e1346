using System.Buffers;
using System.Security.Cryptography;
using DocExchange.Client.Transport;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>The part id progress reports for an edXML package, which travels as one stream of bytes.</summary>
    public const string PackageProgressId = "package";

    /// <summary>
    /// Sends an edXML package (QCVN 102:2016) as the caller: the server reads it, takes its first manifest Reference as
    /// the main PDF, and handles it exactly like <see cref="SendAsync"/>. The package is streamed in chunks of
    /// <see cref="DocExchangeClientOptions.ChunkSize"/>, never held in memory.
    /// </summary>
    /// <param name="package">The package; must be seekable (its size is declared first, and a retry rewinds it).</param>
    /// <param name="messageId">Idempotency key; when null, derived from the package's SHA-256, so that sending the same
    /// package again returns the first result (<see cref="SendResponse.Duplicate"/>) rather than a second document.</param>
    /// <param name="progress">Reports the bytes sent after each chunk (part id <see cref="PackageProgressId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>Retried after UNAVAILABLE (idempotent by message id). The envelope signature's result is in
    /// <c>Validation.EnvelopeSignature</c>.</remarks>
    public async Task<SendResponse> SendPackageAsync(Stream package, string? messageId = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (!package.CanSeek || !package.CanRead)
        {
            throw new ArgumentException("The package stream must be readable and seekable.", nameof(package));
        }
        var start = package.Position;
        if (messageId is null)
        {
            var hash = await SHA256.HashDataAsync(package, cancellationToken).ConfigureAwait(false);
            messageId = "edxml-" + Convert.ToHexStringLower(hash);
        }
        var info = new PackageInfo { MessageId = messageId, Size = package.Length - start };
        return await _calls.ExecuteAsync(EdXmlExchange.Methods.SendPackage.Name, CallSafety.IdempotentWrite, static () => true, async token =>
        {
            package.Position = start;
            return await SendPackageOnceAsync(info, package, progress, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the edXML package in <paramref name="filePath"/>; see <see cref="SendPackageAsync(Stream, string?, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public async Task<SendResponse> SendPackageAsync(string filePath, string? messageId = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            return await SendPackageAsync(file, messageId, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<SendResponse> SendPackageOnceAsync(PackageInfo info, Stream package, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        StallWatch.UploadAsync(_calls.Options, EdXmlExchange.Methods.SendPackage.Name, $"message {info.MessageId}", cancellationToken,
            (watch, token) => UploadPackageAsync(info, package, progress, watch, token));

    /// <summary>The call of one attempt: the upload, watched for stalls, then the server's answer.</summary>
    private async Task<SendResponse> UploadPackageAsync(PackageInfo info, Stream package, IProgress<TransferProgress>? progress, StallWatch watch, CancellationToken cancellationToken)
    {
        var telemetry = OperationTelemetry.Current;
        telemetry?.Identify(messageId: info.MessageId);
        using var call = _calls.Invoker.AsyncClientStreamingCall(EdXmlExchange.Methods.SendPackage, null, _calls.CallOptions(_calls.Options.TransferTimeout, cancellationToken));
        var buffer = ArrayPool<byte>.Shared.Rent(_calls.Options.ChunkSize);
        try
        {
            var requests = watch.Writing(new LostConnectionWriter<SendPackageRequest>(call.RequestStream));
            await requests.WriteAsync(new SendPackageRequest { Info = info }, cancellationToken).ConfigureAwait(false);
            long sent = 0;
            int read;
            while (!call.ResponseAsync.IsCompleted
                && (read = await package.ReadAsync(buffer.AsMemory(0, _calls.Options.ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                // The message is serialised before WriteAsync returns, so the buffer can be reused without a copy.
                await requests.WriteAsync(new SendPackageRequest { Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) }, cancellationToken).ConfigureAwait(false);
                sent += read;
                telemetry?.Sent(read);
                progress?.Report(new TransferProgress(PackageProgressId, sent, info.Size, sent, info.Size));
            }
            if (!call.ResponseAsync.IsCompleted)
            {
                await requests.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The server may have answered already (a refusal, or a repeat answered before the content): that is the outcome.
            var early = await call.ResponseAsync.ConfigureAwait(false);
            telemetry?.Identify(early.DocumentId);
            return early;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        watch.Stop();
        var response = await call.ResponseAsync.ConfigureAwait(false);
        telemetry?.Identify(response.DocumentId);
        return response;
    }

    /// <summary>
    /// Streams a document the caller sent or received into <paramref name="destination"/> as an edXML package, its
    /// envelope signed by the sending agency's seal when the server holds that key.
    /// </summary>
    /// <remarks>Retried after a transient failure when <paramref name="destination"/> can seek (it is rewound) or nothing was written yet.</remarks>
    public Task FetchPackageAsync(string documentId, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentNullException.ThrowIfNull(destination);
        var start = destination.CanSeek ? destination.Position : 0;
        var written = false;
        var attempts = 0;
        return _calls.ExecuteAsync(EdXmlExchange.Methods.FetchPackage.Name, CallSafety.IdempotentRead, () => destination.CanSeek || !written, attemptToken =>
            StallWatch.DownloadAsync(_calls.Options, EdXmlExchange.Methods.FetchPackage.Name, documentId, attemptToken, async (watch, token) =>
            {
                var telemetry = OperationTelemetry.Current;
                telemetry?.Identify(documentId);
                if (attempts++ > 0 && destination.CanSeek)
                {
                    destination.Position = start;
                    destination.SetLength(start);
                }
                using var call = _calls.Invoker.AsyncServerStreamingCall(EdXmlExchange.Methods.FetchPackage, null,
                    _calls.CallOptions(_calls.Options.TransferTimeout, token), new FetchPackageRequest { DocumentId = documentId });
                var responses = watch.Reading(call.ResponseStream);
                long received = 0;
                while (await responses.MoveNext(token).ConfigureAwait(false))
                {
                    written = true;
                    var data = responses.Current.Data;
                    await destination.WriteAsync(data.Memory, token).ConfigureAwait(false);
                    received += data.Length;
                    telemetry?.Received(data.Length);
                    progress?.Report(new TransferProgress(PackageProgressId, received, -1, received, -1));
                }
                await destination.FlushAsync(token).ConfigureAwait(false);
                return received;
            }), cancellationToken);
    }

    /// <summary>The statuses of a document as edXML status packages, in order, each signed by its reporter's seal when the server holds that key.</summary>
    /// <param name="documentId">The document, sent or received by the caller.</param>
    /// <param name="recipient">Only this recipient's statuses when set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<StatusPackage>> FetchStatusPackagesAsync(string documentId, string? recipient = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var request = new FetchStatusPackagesRequest { DocumentId = documentId, Recipient = recipient ?? string.Empty };
        return _calls.ExecuteAsync<IReadOnlyList<StatusPackage>>(EdXmlExchange.Methods.FetchStatusPackages.Name, CallSafety.IdempotentRead, static () => true, async token =>
        {
            OperationTelemetry.Current?.Identify(documentId);
            using var call = _calls.Invoker.AsyncServerStreamingCall(EdXmlExchange.Methods.FetchStatusPackages, null, _calls.CallOptions(_calls.Options.Timeout, token), request);
            var packages = new List<StatusPackage>();
            while (await call.ResponseStream.MoveNext(token).ConfigureAwait(false))
            {
                packages.Add(call.ResponseStream.Current);
            }
            return packages;
        }, cancellationToken);
    }

    /// <summary>
    /// Posts an edXML status package as the caller (the package's Status/From must be the caller); works like
    /// <see cref="PostStatusAsync"/>. Idempotent by <paramref name="messageId"/> (generated when not given), so it is
    /// retried safely after UNAVAILABLE.
    /// </summary>
    public Task<StatusReport> PostStatusPackageAsync(ReadOnlyMemory<byte> package, string? messageId = null, CancellationToken cancellationToken = default)
    {
        var request = new PostStatusPackageRequest { Package = ByteString.CopyFrom(package.Span), MessageId = messageId ?? Guid.NewGuid().ToString("N") };
        return UnaryAsync(EdXmlExchange.Methods.PostStatusPackage, request, CallSafety.IdempotentWrite, r => r.Status, cancellationToken);
    }
}
