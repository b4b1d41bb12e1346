using System.Buffers;
using System.Security.Cryptography;
using DocExchange.Client.Transport;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// Has the server apply the caller agency's seal (the key the server holds for the agency named by the caller's
    /// certificate) to <paramref name="pdf"/>, as an incremental update that keeps earlier signatures valid, and writes
    /// the sealed PDF to <paramref name="output"/>. Streams both ways in chunks of <see cref="DocExchangeClientOptions.ChunkSize"/>;
    /// the result's size and SHA-256 are checked against what was received.
    /// </summary>
    /// <param name="pdf">The PDF, read from its current position to its end.</param>
    /// <param name="output">Receives the sealed PDF. After a failure, what was written must be discarded.</param>
    /// <param name="options">Level (B-T by default), visible appearance, reason; or extend-only.</param>
    /// <param name="progress">Upload, then download progress.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The signature field, level, signing and time-stamp times, size and SHA-256 of the sealed PDF.</returns>
    /// <remarks>Sealing changes nothing on the server, so it is retried after a transient failure when <paramref name="pdf"/>
    /// can seek and <paramref name="output"/> can seek (it is rewound) or nothing was written to it yet.</remarks>
    /// <exception cref="DocExchangeException">FAILED_PRECONDITION when the server holds no seal for the agency; INVALID_ARGUMENT
    /// for a file that is not a PDF; DATA_LOSS when the sealed PDF received does not match the server's size or SHA-256.</exception>
    public Task<SignResult> SealAsync(
        Stream pdf, Stream output, SealOptions? options = null, IProgress<SealProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(output);
        RequireReadable(pdf, nameof(pdf));
        RequireNotEmpty(pdf, nameof(pdf));
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream cannot be written.", nameof(output));
        }

        var signOptions = (options ?? new SealOptions()).ToProto();
        var inputStart = pdf.CanSeek ? pdf.Position : 0;
        var outputStart = output.CanSeek ? output.Position : 0;
        var read = false;
        var written = false;
        var attempts = 0;
        return _calls.ExecuteAsync(
            Signing.Methods.Sign.Name,
            CallSafety.IdempotentRead,
            () => (pdf.CanSeek || !read) && (output.CanSeek || !written),
            async token =>
            {
                if (attempts++ > 0)
                {
                    Rewind(pdf, inputStart);
                    if (output.CanSeek)
                    {
                        output.Position = outputStart;
                        output.SetLength(outputStart);
                    }
                }

                return await StallWatch.TransferAsync(_calls.Options, Signing.Methods.Sign.Name, "the PDF", token,
                    (watch, watched) => SealOnceAsync(pdf, output, signOptions, () => read = true, () => written = true, progress, watch, watched)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Has the server validate every signature of <paramref name="pdf"/> with its trust anchors and CRLs, and, when
    /// <paramref name="policyOrganId"/> is given, apply the official-document policy (Nghị định 30/2020 Art. 5) for
    /// that sender agency. The PDF is streamed in chunks.
    /// </summary>
    /// <returns>The ETSI EN 319 102-1 report: per signature indication, signer, level, coverage, modifications; the policy outcome.</returns>
    public Task<ValidationReport> VerifyAsync(Stream pdf, string? policyOrganId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        RequireReadable(pdf, nameof(pdf));
        RequireNotEmpty(pdf, nameof(pdf));
        var organ = policyOrganId is null ? string.Empty : DocumentMetadataBuilder.ParseAgencyCode(policyOrganId, nameof(policyOrganId)).Value;
        var start = pdf.CanSeek ? pdf.Position : 0;
        var read = false;
        var attempts = 0;
        return _calls.ExecuteAsync(
            Signing.Methods.Verify.Name,
            CallSafety.IdempotentRead,
            () => pdf.CanSeek || !read,
            async token =>
            {
                if (attempts++ > 0)
                {
                    Rewind(pdf, start);
                }

                return await StallWatch.UploadAsync(_calls.Options, Signing.Methods.Verify.Name, "the PDF", token, async (watch, watched) =>
                {
                    using var call = _calls.Invoker.AsyncClientStreamingCall(Signing.Methods.Verify, null, _calls.CallOptions(_calls.Options.TransferTimeout, watched));
                    var requests = watch.Writing(new LostConnectionWriter<VerifyRequest>(call.RequestStream));
                    try
                    {
                        await requests.WriteAsync(new VerifyRequest { Options = new VerifyOptions { PolicyOrganId = organ } }, watched).ConfigureAwait(false);
                        await UploadAsync(pdf, chunk => requests.WriteAsync(new VerifyRequest { PdfChunk = chunk }, watched), () => read = true, null, watched)
                            .ConfigureAwait(false);
                        await requests.CompleteAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is RpcException or InvalidOperationException && !watched.IsCancellationRequested)
                    {
                        // The server refused while the PDF was still coming (e.g. too large): its status is the outcome.
                        await call.ResponseAsync.ConfigureAwait(false);
                        throw;
                    }

                    // The server validates in silence.
                    watch.Stop();
                    return await call.ResponseAsync.ConfigureAwait(false);
                }).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private async Task<SignResult> SealOnceAsync(
        Stream pdf, Stream output, SignOptions options, Action onRead, Action onWrite, IProgress<SealProgress>? progress, StallWatch watch,
        CancellationToken cancellationToken)
    {
        using var call = _calls.Invoker.AsyncDuplexStreamingCall(Signing.Methods.Sign, null, _calls.CallOptions(_calls.Options.TransferTimeout, cancellationToken));
        var requests = watch.Writing(new LostConnectionWriter<SignRequest>(call.RequestStream));
        try
        {
            await requests.WriteAsync(new SignRequest { Options = options }, cancellationToken).ConfigureAwait(false);
            await UploadAsync(pdf, chunk => requests.WriteAsync(new SignRequest { PdfChunk = chunk }, cancellationToken), onRead, progress, cancellationToken)
                .ConfigureAwait(false);
            await requests.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The server refused while the PDF was still coming: reading its answer surfaces its status.
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
            }

            throw;
        }

        // The server seals in silence; its answer, once it starts, is watched again.
        watch.Stop();
        progress?.Report(new SealProgress(SealStage.Sealing, 0, null));
        var telemetry = OperationTelemetry.Current;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        SignResult? result = null;
        var responses = watch.Reading(call.ResponseStream);
        var answering = false;
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            if (!answering)
            {
                answering = true;
                watch.Resume();
            }

            var response = responses.Current;
            if (result is not null)
            {
                throw DocExchangeException.DataLoss("the server sent data after the seal's result", Signing.Methods.Sign.Name);
            }

            if (response.ResponseCase == SignResponse.ResponseOneofCase.Result)
            {
                result = response.Result;
                continue;
            }

            var chunk = response.PdfChunk;
            onWrite();
            hash.AppendData(chunk.Span);
            await output.WriteAsync(chunk.Memory, cancellationToken).ConfigureAwait(false);
            received += chunk.Length;
            telemetry?.Received(chunk.Length);
            progress?.Report(new SealProgress(SealStage.Downloading, received, null));
        }

        if (result is null)
        {
            throw DocExchangeException.DataLoss($"the server's answer ended after {received} bytes of the sealed PDF, without the result", Signing.Methods.Sign.Name);
        }

        var sha256 = hash.GetHashAndReset();
        if (result.Size != received || !result.Sha256.Span.SequenceEqual(sha256))
        {
            throw DocExchangeException.DataLoss(
                $"the sealed PDF received ({received} bytes, SHA-256 {Convert.ToHexStringLower(sha256)}) is not the one the server produced ({result.Size} bytes, SHA-256 {Convert.ToHexStringLower(result.Sha256.Span)})",
                Signing.Methods.Sign.Name);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Sends <paramref name="pdf"/> from its position to its end in chunks, never holding it whole in memory.</summary>
    private async Task UploadAsync(Stream pdf, Func<ByteString, Task> send, Action onRead, IProgress<SealProgress>? progress, CancellationToken cancellationToken)
    {
        long? total = pdf.CanSeek ? pdf.Length - pdf.Position : null;
        var telemetry = OperationTelemetry.Current;
        var buffer = ArrayPool<byte>.Shared.Rent(_calls.Options.ChunkSize);
        try
        {
            long sent = 0;
            int read;
            while ((read = await pdf.ReadAsync(buffer.AsMemory(0, _calls.Options.ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                onRead();
                // The message is serialised before WriteAsync returns, so the buffer can be reused without a copy.
                await send(UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read))).ConfigureAwait(false);
                sent += read;
                telemetry?.Sent(read);
                progress?.Report(new SealProgress(SealStage.Uploading, sent, total));
            }

            if (sent == 0)
            {
                throw new ArgumentException("The PDF stream is empty (or already at its end).", nameof(pdf));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RequireReadable(Stream stream, string name)
    {
        if (!stream.CanRead)
        {
            throw new ArgumentException("The PDF stream cannot be read.", name);
        }
    }

    private static void RequireNotEmpty(Stream stream, string name)
    {
        if (stream.CanSeek && stream.Position >= stream.Length)
        {
            throw new ArgumentException("The PDF stream is empty (or already at its end).", name);
        }
    }

    private static void Rewind(Stream stream, long position)
    {
        if (stream.CanSeek)
        {
            stream.Position = position;
        }
    }
}
