using System.Runtime.CompilerServices;
using DocExchange.Client.Transport;
using DocExchange.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>
    /// Posts a processing status (edXML 01–06, 15, 16) about a document delivered to the caller. 02 (rejected)
    /// needs a <paramref name="description"/> giving the reason. Idempotent by <paramref name="messageId"/>
    /// (generated when not given), so it is retried safely after UNAVAILABLE.
    /// </summary>
    /// <param name="documentId">The document, as delivered.</param>
    /// <param name="statusCode">The edXML status.</param>
    /// <param name="description">Free text; mandatory for 02 (at most 1,000 characters).</param>
    /// <param name="staff">Who handles the document (department, staff, phone, email).</param>
    /// <param name="timestamp">When the caller's system recorded the status; the server's time when null.</param>
    /// <param name="messageId">Idempotency key; a repeat returns the first result.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status as recorded and relayed to the sender.</returns>
    public Task<StatusReport> PostStatusAsync(
        string documentId, ProcessingStatusCode statusCode, string? description = null, StaffInfo? staff = null,
        DateTimeOffset? timestamp = null, string? messageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var request = new PostStatusRequest
        {
            DocumentId = documentId,
            StatusCode = statusCode,
            Description = description ?? string.Empty,
            StaffInfo = staff,
            Timestamp = timestamp is { } t ? Timestamp.FromDateTimeOffset(t) : null,
            MessageId = messageId ?? Guid.NewGuid().ToString("N"),
        };
        return UnaryAsync(Exchange.Methods.PostStatus, request, CallSafety.IdempotentWrite, r => r.Status, cancellationToken);
    }

    /// <summary>
    /// Acknowledges a delivery with status 01 (đã đến: arrived at the caller's system). Until then the server
    /// delivers it again on every inbox subscription.
    /// </summary>
    public Task<StatusReport> AcknowledgeAsync(string documentId, StaffInfo? staff = null, CancellationToken cancellationToken = default) =>
        PostStatusAsync(documentId, ProcessingStatusCode.Arrived, staff: staff, cancellationToken: cancellationToken);

    /// <summary>
    /// The statuses of the caller's sent documents as recipients post them (one document's when
    /// <paramref name="documentId"/> is given), after <paramref name="afterSequence"/>, as an endless sequence.
    /// Reconnects with backoff after a dropped connection, from the last sequence seen; never yields a status twice.
    /// </summary>
    public async IAsyncEnumerable<StatusReport> WatchStatusesAsync(
        long afterSequence = 0, string? documentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lastSequence = afterSequence;
        var stream = _calls.ResumableStreamAsync(
            Exchange.Methods.WatchStatuses,
            () => new WatchStatusesRequest { AfterSequence = lastSequence, DocumentId = documentId ?? string.Empty },
            cancellationToken);
        await foreach (var item in stream.ConfigureAwait(false))
        {
            if (item.EventCase != StatusEvent.EventOneofCase.Status || item.Status.Sequence <= lastSequence)
            {
                continue;
            }

            lastSequence = item.Status.Sequence;
            yield return item.Status;
        }
    }

    /// <summary>The status history of a document, per recipient (only <paramref name="recipient"/>'s when given).</summary>
    public Task<IReadOnlyList<StatusReport>> GetStatusHistoryAsync(string documentId, string? recipient = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var request = new GetStatusHistoryRequest
        {
            DocumentId = documentId,
            Recipient = recipient is null ? string.Empty : DocumentMetadataBuilder.ParseAgencyCode(recipient, "recipient").Value,
        };
        return UnaryAsync(Exchange.Methods.GetStatusHistory, request, CallSafety.IdempotentRead, r => (IReadOnlyList<StatusReport>)r.Statuses, cancellationToken);
    }

    /// <summary>
    /// Asks the recipients of a document the caller sent to give it back (status 13, Nghị định 30/2020 Art. 18.4b).
    /// They answer 15 (agree) or 16 (refuse). Not repeated after a failure unless the server was surely not reached.
    /// </summary>
    /// <returns>The recall requests recorded, one per recipient.</returns>
    public Task<IReadOnlyList<StatusReport>> RecallAsync(string documentId, string reason, StaffInfo? staff = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var request = new RecallRequest { DocumentId = documentId, Reason = reason, StaffInfo = staff };
        return UnaryAsync(Exchange.Methods.Recall, request, CallSafety.NotIdempotent, r => (IReadOnlyList<StatusReport>)r.Statuses, cancellationToken);
    }
}
