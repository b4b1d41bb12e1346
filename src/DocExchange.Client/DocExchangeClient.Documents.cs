using System.Runtime.CompilerServices;
using DocExchange.Client.Transport;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>One page of the documents the caller sent, newest first; pass its next_page_token for the next.</summary>
    public Task<ListDocumentsResponse> ListSentAsync(DocumentQuery? query = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
        UnaryAsync(Exchange.Methods.ListSent, ListRequest(query, pageToken), CallSafety.IdempotentRead, static r => r, cancellationToken);

    /// <summary>One page of the documents delivered to the caller, with its latest status of each.</summary>
    public Task<ListDocumentsResponse> ListReceivedAsync(DocumentQuery? query = null, string? pageToken = null, CancellationToken cancellationToken = default) =>
        UnaryAsync(Exchange.Methods.ListReceived, ListRequest(query, pageToken), CallSafety.IdempotentRead, static r => r, cancellationToken);

    /// <summary>Every document the caller sent, page after page.</summary>
    public IAsyncEnumerable<DocumentSummary> ListAllSentAsync(DocumentQuery? query = null, CancellationToken cancellationToken = default) =>
        AllPagesAsync(Exchange.Methods.ListSent, query, cancellationToken);

    /// <summary>Every document delivered to the caller, page after page.</summary>
    public IAsyncEnumerable<DocumentSummary> ListAllReceivedAsync(DocumentQuery? query = null, CancellationToken cancellationToken = default) =>
        AllPagesAsync(Exchange.Methods.ListReceived, query, cancellationToken);

    /// <summary>Adds or removes recipients of a document the caller sent; returns the recipients afterwards.</summary>
    public Task<IReadOnlyList<string>> UpdateRecipientsAsync(
        string documentId, IEnumerable<string>? add, IEnumerable<string>? remove, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var request = new UpdateRecipientsRequest { DocumentId = documentId, Reason = reason };
        request.Add.AddRange((add ?? []).Select(c => DocumentMetadataBuilder.ParseAgencyCode(c, "recipient").Value));
        request.Remove.AddRange((remove ?? []).Select(c => DocumentMetadataBuilder.ParseAgencyCode(c, "recipient").Value));
        // Not idempotent: a repeat after a lost answer is refused (already a recipient / not a recipient), so only a
        // request that never reached the server is retried.
        return UnaryAsync(Exchange.Methods.UpdateRecipients, request, CallSafety.NotIdempotent, static r => (IReadOnlyList<string>)r.Recipients, cancellationToken);
    }

    private async IAsyncEnumerable<DocumentSummary> AllPagesAsync(
        Method<ListDocumentsRequest, ListDocumentsResponse> method, DocumentQuery? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await UnaryAsync(method, ListRequest(query, token), CallSafety.IdempotentRead, static r => r, cancellationToken).ConfigureAwait(false);
            foreach (var document in page.Documents)
            {
                yield return document;
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static ListDocumentsRequest ListRequest(DocumentQuery? query, string? pageToken)
    {
        query ??= new DocumentQuery();
        ArgumentOutOfRangeException.ThrowIfNegative(query.PageSize);
        return new ListDocumentsRequest
        {
            Page = new PageRequest { PageSize = query.PageSize, PageToken = pageToken ?? string.Empty },
            Since = query.Since is { } since ? Timestamp.FromDateTimeOffset(since) : null,
            Until = query.Until is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            IncludeRecalled = query.IncludeRecalled,
        };
    }

    /// <summary>A unary call through the retries, its result taken from the response.</summary>
    private async Task<TResult> UnaryAsync<TRequest, TResponse, TResult>(
        Method<TRequest, TResponse> method, TRequest request, CallSafety safety, Func<TResponse, TResult> result, CancellationToken cancellationToken)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        result(await _calls.UnaryAsync(method, request, safety, cancellationToken).ConfigureAwait(false));
}
