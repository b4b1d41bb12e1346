using DocExchange.Core.Errors;
using DocExchange.Core.Exchange;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Writing;
using DocExchange.Protocol.V1;
using DocExchange.Server.Configuration;
using DocExchange.Server.Identity;
using DocExchange.Server.Security;
using DocExchange.Server.Services.Mapping;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// docexchange.v1.EdXmlExchange: edXML packages translated to and from the exchange's own calls. A package sent here
/// takes the path of Exchange.Send (<see cref="DocumentSendHandler"/>), a status package that of Exchange.PostStatus.
/// </summary>
public sealed class EdXmlGrpcService(
    ExchangeService exchange,
    DocumentSendHandler sendHandler,
    StatusPostHandler statusPosts,
    SpoolFolder spoolFolder,
    EnvelopeSeals seals,
    StreamTrustGuard streamTrust,
    IOptions<DocExchangeOptions> options) : EdXmlExchange.EdXmlExchangeBase
{
    private readonly EdXmlWriterOptions _writerOptions = new()
    {
        ZipAttachments = options.Value.EdXml.AttachmentsZipped,
        BusinessSpelling = options.Value.EdXml.BusinessSpelling,
        TempDirectory = spoolFolder.Path,
    };

    public override Task<SendResponse> SendPackage(IAsyncStreamReader<SendPackageRequest> requestStream, ServerCallContext context) =>
        sendHandler.MeasuredAsync(() => ReceivePackageAsync(requestStream, context), context);

    private async Task<SendResponse> ReceivePackageAsync(IAsyncStreamReader<SendPackageRequest> requests, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct).ConfigureAwait(false) || requests.Current.RequestCase != SendPackageRequest.RequestOneofCase.Info)
        {
            throw ExchangeException.InvalidArgument("the first message of SendPackage must be the package info (SendPackageRequest.info), followed by the package's bytes");
        }
        var info = requests.Current.Info;
        var maxPackageBytes = MaxPackageBytes(exchange.Options.MaxDocumentBytes);
        if (info.Size <= 0 || info.Size > maxPackageBytes)
        {
            throw info.Size <= 0
                ? ExchangeException.InvalidArgument($"PackageInfo.size must be the package's size in bytes, not {info.Size}")
                : ExchangeException.ResourceExhausted(
                    $"the package of {info.Size} bytes is larger than {maxPackageBytes} bytes, the base64 form of DocExchange:Limits:MaxDocumentBytes ({exchange.Options.MaxDocumentBytes}) and its envelope");
        }

        await using var package = await ReadAsync(new PackageUploadStream(requests, info.Size), ct).ConfigureAwait(false);
        var messageHeader = package.Header ?? throw ExchangeException.InvalidArgument(
            "the package is a status package (edXMLHeader/Status): post it with PostStatusPackage; SendPackage takes a document (edXMLHeader/MessageHeader)");
        var header = new SendHeader { MessageId = info.MessageId, Document = EdXmlHeaderMapping.ToProto(messageHeader) };
        header.Parts.AddRange(EdXmlManifestMapping.ToParts(package.Attachments, exchange.Options.MaxPartIdLength));
        var content = new SentContent(
            (_, _) => Task.FromResult<ISpooledContent>(new PackageAttachments(package)),
            token => new PackageAttachments(package).ReplayAllAsync(token));
        var sender = context.Caller().RequireAgency();
        return await sendHandler.DeliverAsync(header, content, package.Signature.ToProto(sender), context).ConfigureAwait(false);
    }

    // A download can outlast a revocation as a subscription can: the guard ends it within its interval.
    public override Task FetchPackage(FetchPackageRequest request, IServerStreamWriter<PackageChunk> responseStream, ServerCallContext context) =>
        streamTrust.RunAsync(context, stream => FetchPackageAsync(request, responseStream, context, stream));

    private async Task FetchPackageAsync(FetchPackageRequest request, IServerStreamWriter<PackageChunk> responseStream, ServerCallContext context, GuardedStream stream)
    {
        var caller = context.Caller().RequireAgency();
        var ct = context.CancellationToken;
        var document = await exchange.GetDocumentAsync(caller, request.DocumentId, ct).ConfigureAwait(false);
        var header = EdXmlHeaderMapping.ToEdXml(DocumentMapping.HeaderOf(document));
        // The document was read and its visibility checked once, above: each attachment only opens its content.
        var attachments = EdXmlManifestMapping.ToAttachments(document, (part, token) => exchange.OpenPartAsync(document, part, token));
        var signer = await seals.FindAsync(document.Sender, ct).ConfigureAwait(false);
        var output = new PackageDownloadStream(responseStream, stream.ThrowIfRefused, ct);
        await using (output.ConfigureAwait(false))
        {
            await Refusing(() => EdXmlPackageWriter.WriteDocumentAsync(output, header, attachments, _writerOptions, signer, ct)).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    public override async Task FetchStatusPackages(FetchStatusPackagesRequest request, IServerStreamWriter<StatusPackage> responseStream, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var ct = context.CancellationToken;
        var history = await exchange.GetStatusHistoryAsync(caller, request.DocumentId, request.Recipient.Length == 0 ? null : request.Recipient, ct).ConfigureAwait(false);
        foreach (var status in history)
        {
            var signer = await seals.FindAsync(status.Reporter, ct).ConfigureAwait(false);
            using var package = new MemoryStream();
            await Refusing(() => EdXmlPackageWriter.WriteStatusAsync(package, EdXmlStatusMapping.ToEdXml(status), _writerOptions, signer, ct)).ConfigureAwait(false);
            var message = new StatusPackage
            {
                Package = Google.Protobuf.ByteString.CopyFrom(package.GetBuffer(), 0, (int)package.Length),
                Sequence = status.Sequence,
                Recipient = status.Recipient.Value,
            };
            await responseStream.WriteAsync(message, ct).ConfigureAwait(false);
        }
    }

    public override async Task<PostStatusResponse> PostStatusPackage(PostStatusPackageRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var ct = context.CancellationToken;
        using var input = new MemoryStream(request.Package.ToByteArray(), writable: false);
        await using var package = await ReadAsync(input, ct).ConfigureAwait(false);
        var status = package.Status ?? throw ExchangeException.InvalidArgument(
            "the package is a document (edXMLHeader/MessageHeader): send it with SendPackage; PostStatusPackage takes a status package (edXMLHeader/Status)");
        if (package.Signature.Status == EdXmlSignatureStatus.Invalid)
        {
            throw ExchangeException.InvalidArgument($"edXML element edXMLHeader/Signature does not verify: {package.Signature.Reason}");
        }
        var post = EdXmlStatusMapping.ToPost(status, caller, request.MessageId.Length == 0 ? null : request.MessageId);
        return await statusPosts.PostAsync(post, context).ConfigureAwait(false);
    }

    /// <summary>
    /// The largest package SendPackage takes: the largest document in base64 (4/3, with a line break per 76 characters)
    /// and room for an envelope at the reader's limit.
    /// </summary>
    public static long MaxPackageBytes(long maxDocumentBytes) => maxDocumentBytes / 3 * 4 * 78 / 76 + 1024 + 2 * new EdXmlReaderOptions().MaxEnvelopeCharacters;

    private async Task<EdXmlPackage> ReadAsync(Stream input, CancellationToken ct)
    {
        var dialect = options.Value.EdXml;
        var readerOptions = new EdXmlReaderOptions
        {
            TempDirectory = spoolFolder.Path,
            MaxAttachmentBytes = exchange.Options.MaxDocumentBytes,
            AttachmentsZipped = dialect.AttachmentsZipped,
            BusinessSpelling = dialect.BusinessSpelling,
            AcceptLegacyEnvelope = dialect.AcceptLegacyEnvelope,
        };
        EdXmlPackage? package = null;
        await Refusing(async () => package = await EdXmlPackageReader.ReadAsync(input, readerOptions, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return package!;
    }

    /// <summary>An edXML refusal as the domain's, which the server turns into INVALID_ARGUMENT or RESOURCE_EXHAUSTED.</summary>
    private static async Task Refusing(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (EdXmlException e)
        {
            throw e.ToExchangeException();
        }
    }
}
