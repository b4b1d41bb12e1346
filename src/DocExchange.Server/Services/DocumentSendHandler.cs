using System.Runtime.CompilerServices;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Exchange;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Protocol.V1;
using DocExchange.Server.Identity;
using DocExchange.Server.Services.Mapping;
using Google.Protobuf;
using GrpcStatusCode = DocExchange.Protocol.Grpc.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>Exchange.Send: the header message, then the parts' chunks streamed straight to the domain.</summary>
public sealed class DocumentSendHandler(ExchangeService exchange)
{
    public async Task<SendResponse> SendAsync(IAsyncStreamReader<SendRequest> requests, ServerCallContext context)
    {
        var caller = context.Caller();
        var sender = caller.RequireAgency();
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct).ConfigureAwait(false) || requests.Current.RequestCase != SendRequest.RequestOneofCase.Header)
        {
            throw InvalidArgument("the first message of Send must be the header (SendRequest.header), followed by the content chunks");
        }

        var outgoing = ToOutgoing(sender, requests.Current.Header);
        var result = await exchange.SendAsync(outgoing, ReadChunksAsync(requests, ct), caller.ToActor(), ct).ConfigureAwait(false);

        var stored = result.Document;
        var response = new SendResponse
        {
            DocumentId = stored.Id.ToString(),
            AcceptedAt = stored.AcceptedAt.ToProto(),
            Duplicate = result.Duplicate,
        };
        response.Parts.AddRange(stored.Parts.Select(p => p.ToProto()));
        response.Recipients.AddRange(stored.Recipients.Select(r => r.Value));
        if (DocumentMapping.ValidationOf(stored) is { } validation)
        {
            response.Validation = validation;
        }

        return response;
    }

    private static OutgoingDocument ToOutgoing(AgencyCode sender, SendHeader header)
    {
        var document = header.Document ?? throw InvalidArgument("the header carries no document metadata (SendHeader.document)");
        var claimedSender = document.From?.OrganId;
        if (!string.IsNullOrEmpty(claimedSender) && claimedSender != sender.Value)
        {
            // An agency sends only as itself (DESIGN.md, "Decisions"): its identity comes from its certificate.
            throw new RpcException(new Status(GrpcStatusCode.PermissionDenied,
                $"the header names {claimedSender} as the sender, but the caller is {sender}: an agency can send only as itself"));
        }

        var promulgation = document.PromulgationInfo?.PromulgationDate;
        DateOnly? date = null;
        if (!string.IsNullOrEmpty(promulgation))
        {
            date = DocumentId.TryParseDate(promulgation, out var parsed)
                ? parsed
                : throw InvalidArgument($"promulgation_date '{promulgation}' is not a date in the edXML form yyyy/MM/dd");
        }

        // The stored header names the authenticated sender, whatever the client left empty.
        var stored = document.Clone();
        stored.From ??= new Organization();
        stored.From.OrganId = sender.Value;
        stored.DocumentId = string.Empty;
        stored.TraceHeaders.Clear();

        var business = document.Business;
        var referenced = business is null ? null
            : !string.IsNullOrEmpty(business.DocumentId) ? business.DocumentId
            : business.ReplacedDocumentIds.FirstOrDefault();
        return new OutgoingDocument(
            sender,
            header.MessageId,
            document.To.Select(o => o.OrganId).ToList(),
            document.Code?.CodeNumber ?? string.Empty,
            document.Code?.CodeNotation ?? string.Empty,
            date,
            document.Subject,
            (Core.Documents.BusinessDocType)(int)(business?.BusinessDocType ?? Protocol.V1.BusinessDocType.New),
            referenced,
            stored.ToByteArray(),
            header.Parts.Select(p => p.ToDomain()).ToList());
    }

    private static async IAsyncEnumerable<PartChunk> ReadChunksAsync(
        IAsyncStreamReader<SendRequest> requests, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await requests.MoveNext(ct).ConfigureAwait(false))
        {
            var request = requests.Current;
            if (request.RequestCase != SendRequest.RequestOneofCase.Chunk)
            {
                throw InvalidArgument("Send carries one header, then only content chunks; a second header was sent");
            }

            yield return new PartChunk(request.Chunk.PartId, request.Chunk.Data.Memory);
        }
    }

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
