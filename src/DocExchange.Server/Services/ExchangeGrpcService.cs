using System.Buffers;
using DocExchange.Core.Exchange;
using Grpc.Core;
using DocExchange.Server.Identity;
using DocExchange.Server.Security;
using DocExchange.Server.Services.Mapping;
using Google.Protobuf;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>docexchange.v1.Exchange: translates calls to the exchange domain; the logic lives in <see cref="ExchangeService"/>.</summary>
public sealed partial class ExchangeGrpcService(
    ExchangeService exchange, DocumentSendHandler sendHandler, StatusPostHandler statusPosts, StreamTrustGuard streamTrust, ILogger<ExchangeGrpcService> logger)
    : Protocol.V1.Exchange.ExchangeBase
{
    /// <summary>Size of the content chunks Fetch streams back: well under the default 4 MiB message limit.</summary>
    public const int FetchChunkSize = 64 * 1024;

    public override Task<SendResponse> Send(IAsyncStreamReader<SendRequest> requestStream, ServerCallContext context) =>
        sendHandler.SendAsync(requestStream, context);

    public override Task SubscribeInbox(SubscribeInboxRequest request, IServerStreamWriter<InboxEvent> responses, ServerCallContext context) =>
        streamTrust.RunAsync(context, async stream =>
        {
            var caller = context.Caller().RequireAgency();
            var events = exchange.SubscribeInboxAsync(caller, request.AfterCursor, request.IncludeContentMaxBytes, stream.CancellationToken);
            await foreach (var item in events.ConfigureAwait(false))
            {
                var message = new InboxEvent { Cursor = item.Cursor };
                if (item.Delivery is { } delivery)
                {
                    message.Delivery = delivery.ToProto(item.Contents);
                    if (item.ContentWithheld is { } why)
                    {
                        LogContentWithheld(logger, delivery.Document.Id.ToString(), caller.Value, why);
                    }
                }
                else
                {
                    message.CaughtUp = new CaughtUp();
                }

                await stream.EnsureTrustedAsync().ConfigureAwait(false);
                await responses.WriteAsync(message, stream.CancellationToken).ConfigureAwait(false);
            }
        });

    // A download can outlast a revocation as a subscription can: the guard ends it within its interval.
    public override Task Fetch(FetchRequest request, IServerStreamWriter<FetchResponse> responses, ServerCallContext context) =>
        streamTrust.RunAsync(context, stream => FetchAsync(request, responses, context, stream));

    private async Task FetchAsync(FetchRequest request, IServerStreamWriter<FetchResponse> responses, ServerCallContext context, GuardedStream stream)
    {
        var caller = context.Caller().RequireAgency();
        var ct = context.CancellationToken;
        var document = await exchange.GetDocumentAsync(caller, request.DocumentId, ct).ConfigureAwait(false);
        var parts = string.IsNullOrEmpty(request.PartId) ? document.Parts : [document.FindPart(request.PartId)
            ?? throw new RpcException(new Status(GrpcStatusCode.NotFound,
                $"document {document.Id} has no part '{request.PartId}'; its parts are: {string.Join(", ", document.Parts.Select(p => p.PartId))}"))];

        var header = new FetchHeader { Header = DocumentMapping.HeaderOf(document) };
        header.Parts.AddRange(parts.Select(p => p.ToProto()));
        if (DocumentMapping.ValidationOf(document) is { } validation)
        {
            header.Validation = validation;
        }

        await responses.WriteAsync(new FetchResponse { Header = header }, ct).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(FetchChunkSize);
        try
        {
            foreach (var part in parts)
            {
                await using var opened = await exchange.OpenPartAsync(document, part, ct).ConfigureAwait(false);
                int read;
                while ((read = await opened.Content.ReadAsync(buffer.AsMemory(0, FetchChunkSize), ct).ConfigureAwait(false)) > 0)
                {
                    // Wrapped, not copied: the message is serialized into the response before WriteAsync completes, and
                    // the buffer is refilled only after that, so each chunk's bytes are copied once, into the response.
                    var chunk = new ContentChunk { PartId = part.PartId, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) };
                    stream.ThrowIfRefused();
                    await responses.WriteAsync(new FetchResponse { Chunk = chunk }, ct).ConfigureAwait(false);
                }

                // The stream has checked size and SHA-256 at its end, so this is the hash of what was sent.
                var end = new PartEnd { PartId = part.PartId, Sha256 = ByteString.CopyFrom(part.Sha256.ToByteArray()) };
                await responses.WriteAsync(new FetchResponse { PartEnd = end }, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override Task<PostStatusResponse> PostStatus(PostStatusRequest request, ServerCallContext context)
    {
        var code = request.StatusCode.ToDomain() ?? throw new RpcException(new Status(GrpcStatusCode.InvalidArgument,
            $"status_code {(int)request.StatusCode} is not an edXML status: use 01-06, 13, 15 or 16"));
        var post = new Core.Statuses.StatusPost(
            context.Caller().RequireAgency(), request.DocumentId, code, request.Description,
            request.Timestamp.ToDomain(), request.StaffInfo.ToDomain(), NullIfEmpty(request.MessageId));
        return statusPosts.PostAsync(post, context);
    }

    public override Task WatchStatuses(WatchStatusesRequest request, IServerStreamWriter<StatusEvent> responses, ServerCallContext context) =>
        streamTrust.RunAsync(context, async stream =>
        {
            var caller = context.Caller().RequireAgency();
            var events = exchange.WatchStatusesAsync(caller, request.AfterSequence, NullIfEmpty(request.DocumentId), stream.CancellationToken);
            await foreach (var item in events.ConfigureAwait(false))
            {
                var message = item.Status is { } status ? new StatusEvent { Status = status.ToProto() } : new StatusEvent { CaughtUp = new CaughtUp() };
                await stream.EnsureTrustedAsync().ConfigureAwait(false);
                await responses.WriteAsync(message, stream.CancellationToken).ConfigureAwait(false);
            }
        });

    public override async Task<GetStatusHistoryResponse> GetStatusHistory(GetStatusHistoryRequest request, ServerCallContext context)
    {
        var history = await exchange.GetStatusHistoryAsync(
            context.Caller().RequireAgency(), request.DocumentId, NullIfEmpty(request.Recipient), context.CancellationToken).ConfigureAwait(false);
        var response = new GetStatusHistoryResponse();
        response.Statuses.AddRange(history.Select(s => s.ToProto()));
        return response;
    }

    public override async Task<RecallResponse> Recall(RecallRequest request, ServerCallContext context)
    {
        var statuses = await exchange.RequestRecallAsync(
            context.Caller().RequireAgency(), request.DocumentId, request.Reason, request.StaffInfo.ToDomain(), null,
            context.Caller().ToActor(), context.CancellationToken).ConfigureAwait(false);
        var response = new RecallResponse();
        response.Statuses.AddRange(statuses.Select(s => s.ToProto()));
        return response;
    }

    public override async Task<UpdateRecipientsResponse> UpdateRecipients(UpdateRecipientsRequest request, ServerCallContext context)
    {
        var recipients = await exchange.UpdateRecipientsAsync(
            context.Caller().RequireAgency(), request.DocumentId, request.Add, request.Remove, NullIfEmpty(request.Reason),
            context.Caller().ToActor(), context.CancellationToken).ConfigureAwait(false);
        var response = new UpdateRecipientsResponse();
        response.Recipients.AddRange(recipients.Select(r => r.Value));
        return response;
    }

    public override async Task<ListDocumentsResponse> ListSent(ListDocumentsRequest request, ServerCallContext context) =>
        ToResponse(await exchange.ListSentAsync(context.Caller().RequireAgency(), ToDomain(request), context.CancellationToken).ConfigureAwait(false));

    public override async Task<ListDocumentsResponse> ListReceived(ListDocumentsRequest request, ServerCallContext context) =>
        ToResponse(await exchange.ListReceivedAsync(context.Caller().RequireAgency(), ToDomain(request), context.CancellationToken).ConfigureAwait(false));

    private static Core.Documents.DocumentListRequest ToDomain(ListDocumentsRequest request) => new(
        request.Page is { } page ? new Core.Paging.PageRequest(page.PageSize, NullIfEmpty(page.PageToken)) : null,
        request.Since.ToDomain(),
        request.Until.ToDomain(),
        request.IncludeRecalled);

    private static ListDocumentsResponse ToResponse(Core.Paging.Page<Core.Documents.DocumentSummary> page)
    {
        var response = new ListDocumentsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        response.Documents.AddRange(page.Items.Select(d => d.ToProto()));
        return response;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} was pushed to {Recipient} without its content, which cannot be read intact: {Problem}")]
    private static partial void LogContentWithheld(ILogger logger, string documentId, string recipient, string problem);
}
