using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Exchange;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Identity;
using DocExchange.Server.Services.Mapping;
using DocExchange.Server.Signing;
using DocExchange.Server.Telemetry;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>Exchange.Send (and EdXmlExchange.SendPackage): the header, then the parts' content handed to the domain.</summary>
/// <remarks>
/// The content is spooled first, so that the main PDF's signatures are validated (and the signature policy applied)
/// before the domain stores anything; the report is stored with the document and returned to sender and recipients.
/// </remarks>
public sealed class DocumentSendHandler(
    ExchangeService exchange, SignatureVerifier verifier, SpoolFolder spoolFolder, SpoolMemory spoolMemory, SendAdmission admission, ExchangeMetrics metrics)
{
    public Task<SendResponse> SendAsync(IAsyncStreamReader<SendRequest> requests, ServerCallContext context) =>
        MeasuredAsync(() => ReceiveAsync(requests, context), context);

    /// <summary>Runs a send, counting it as sent or refused (the metrics every entry point shares).</summary>
    public async Task<SendResponse> MeasuredAsync(Func<Task<SendResponse>> send, ServerCallContext context)
    {
        try
        {
            var response = await send().ConfigureAwait(false);
            if (!response.Duplicate)
            {
                metrics.DocumentSent();
            }

            return response;
        }
        catch (Exception e) when (RefusalReasons.Of(e, context.CancellationToken) is { } reason)
        {
            metrics.DocumentRefused(reason);
            throw;
        }
    }

    private async Task<SendResponse> ReceiveAsync(IAsyncStreamReader<SendRequest> requests, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct).ConfigureAwait(false) || requests.Current.RequestCase != SendRequest.RequestOneofCase.Header)
        {
            throw InvalidArgument("the first message of Send must be the header (SendRequest.header), followed by the content chunks");
        }

        var header = requests.Current.Header;
        return await DeliverAsync(header, new SentContent(
            (parts, token) => SendSpool.ReceiveAsync(requests, parts, spoolFolder, spoolMemory, token),
            token => SendChunks.ReadAsync(requests, token)), null, context).ConfigureAwait(false);
    }

    /// <summary>
    /// The one path of every send (native or edXML): preflight, spool, validation of the main PDF, the domain's send
    /// and its audit event. <paramref name="envelopeSignature"/> joins the report when the document came as an edXML
    /// package.
    /// </summary>
    public async Task<SendResponse> DeliverAsync(SendHeader header, SentContent content, EnvelopeSignatureReport? envelopeSignature, ServerCallContext context)
    {
        var caller = context.Caller();
        var sender = caller.RequireAgency();
        var ct = context.CancellationToken;
        var outgoing = ToOutgoing(sender, header);
        // Refuse a bad header, an unknown recipient, a taken document id or a conflicting repeat, and answer an exact
        // repeat whose parts declare their SHA-256, before reading any content (the domain checks again when it commits).
        var preflight = await exchange.PreflightSendAsync(outgoing, caller.ToActor(), ct).ConfigureAwait(false);
        SendResult result;
        if (preflight.Repeat is { } repeat)
        {
            result = repeat;
        }
        else if (preflight.ContentToCompare)
        {
            // A repeat is compared with what was stored, not validated or stored again: no spool.
            result = await exchange.SendAsync(outgoing, content.Unspooled(ct), caller.ToActor(), ct).ConfigureAwait(false);
        }
        else
        {
            await using var spool = await content.ReceiveAsync(outgoing.Parts, ct).ConfigureAwait(false);
            using var turn = await admission.EnterAsync(ct).ConfigureAwait(false);
            var main = outgoing.Parts.First(p => p.Kind == Core.Documents.PartKind.Main);
            // Validation's one read of the main PDF also writes it to the blob store, whose SHA-256 of what it wrote
            // serves both: the file is hashed once. Disposed uncommitted (so deleted) unless the send commits it.
            await using var mainBlob = await exchange.BeginPartAsync(main.Size, ct).ConfigureAwait(false);
            ValidationReport report;
            using (ExchangeTelemetry.Source.StartActivity("docexchange.send.validate"))
            {
                report = await IncomingDocumentVerification.VerifyAsync(verifier, sender, main, spool.MainPart, mainBlob, metrics, ct).ConfigureAwait(false);
            }

            if (envelopeSignature is not null)
            {
                report.EnvelopeSignature = envelopeSignature;
            }

            outgoing = outgoing with { Validation = report.ToByteArray(), ValidationOutcome = Summarize(report) };
            var written = new Dictionary<string, Core.Storage.IBlobWriter> { [main.PartId] = mainBlob };
            result = await exchange.SendAsync(outgoing, spool.ReplayAsync(ct), written, caller.ToActor(), ct).ConfigureAwait(false);
        }

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
            // An agency sends only as itself (docs/SECURITY.md, "spoofed agency"): its identity comes from its certificate.
            throw new Authorization.CallerImpersonationException("SendHeader.document.from.organ_id", claimedSender,
                $"the header names {claimedSender} as the sender, but the caller is {sender}: an agency can send only as itself");
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

    /// <summary>The validation outcome as the audit event records it, e.g. "signatures=2;passed=2;policy=satisfied".</summary>
    private static string Summarize(ValidationReport report)
    {
        var passed = report.Signatures.Count(s => s.Indication == Indication.TotalPassed);
        var policy = report.Policy is null ? "off" : report.Policy.Satisfied ? "satisfied" : "not-satisfied";
        var envelope = report.EnvelopeSignature is { } signature ? $";envelope={EnvelopeOutcome(signature.Status)}" : string.Empty;
        return $"signatures={report.Signatures.Count};passed={passed};policy={policy}{envelope}";
    }

    private static string EnvelopeOutcome(EnvelopeSignatureStatus status) => status switch
    {
        EnvelopeSignatureStatus.Valid => "valid",
        EnvelopeSignatureStatus.Invalid => "invalid",
        _ => "absent",
    };

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
