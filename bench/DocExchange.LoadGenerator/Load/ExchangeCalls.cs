using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.LoadGenerator.Load;

/// <summary>The RPCs an agency system makes, over the raw transport (the client library is not there yet).</summary>
internal static class ExchangeCalls
{
    public const int ChunkSize = 64 * 1024;
    public const string CodeNotation = "BENCH";
    public const string Subject = "Về việc đo hiệu năng trục liên thông văn bản";

    public static Task RegisterAsync(CallInvoker operatorClient, string code, CancellationToken ct) =>
        operatorClient.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = code, Name = "Bench agency " + code },
            new CallOptions(cancellationToken: ct));

    /// <summary>The header of a document whose CodeNumber (unique per run) lets the recipient side match it to its send.</summary>
    public static SendHeader Header(string to, string codeNumber, long size) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        Document = new DocumentHeader
        {
            To = { new Organization { OrganId = to } },
            Code = new DocumentCode { CodeNumber = codeNumber, CodeNotation = CodeNotation },
            Subject = Subject,
            DocumentType = new DocumentType { Type = 1, TypeName = "Công văn" },
        },
        Parts = { new PartInfo { PartId = "main", Kind = PartKind.MainDocument, FileName = "congvan.pdf", ContentType = "application/pdf", Size = size } },
    };

    public static async Task<SendResponse> SendAsync(CallInvoker client, SendHeader header, ReadOnlyMemory<byte> pdf, CancellationToken ct)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new SendRequest { Header = header });
        for (var offset = 0; offset < pdf.Length; offset += ChunkSize)
        {
            var data = UnsafeByteOperations.UnsafeWrap(pdf.Slice(offset, Math.Min(ChunkSize, pdf.Length - offset)));
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = data } });
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Streams a file up without holding it in memory (a fresh 64 KiB buffer per chunk, as the transport may still hold the last one).</summary>
    public static async Task<SendResponse> SendFileAsync(CallInvoker client, SendHeader header, string path, CancellationToken ct)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new SendRequest { Header = header });
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        while (true)
        {
            var buffer = new byte[ChunkSize];
            var read = await file.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);
            if (read == 0)
            {
                break;
            }
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) } });
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Fetches every part, hashing as it reads and discarding the bytes; checks each part's SHA-256 against the server's. Returns the bytes read.</summary>
    public static async Task<long> FetchAndCheckAsync(CallInvoker client, string documentId, CancellationToken ct)
    {
        using var call = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId }, new CallOptions(cancellationToken: ct));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        while (await call.ResponseStream.MoveNext(ct))
        {
            var message = call.ResponseStream.Current;
            switch (message.ResponseCase)
            {
                case FetchResponse.ResponseOneofCase.Chunk:
                    hash.AppendData(message.Chunk.Data.Span);
                    total += message.Chunk.Data.Length;
                    break;
                case FetchResponse.ResponseOneofCase.PartEnd:
                    if (!message.PartEnd.Sha256.Span.SequenceEqual(hash.GetHashAndReset()))
                    {
                        throw new InvalidOperationException($"Fetched part {message.PartEnd.PartId} of {documentId} does not match the SHA-256 the server announced.");
                    }
                    break;
            }
        }
        return total;
    }

    /// <summary>
    /// What a recipient asks to receive with the push (SubscribeInboxRequest.include_content_max_bytes): the server's
    /// default limit, so a 100 KB document comes with its delivery. A server that predates the field ignores it.
    /// </summary>
    public const long PushedContentMaxBytes = 256 * 1024;

    /// <summary>True when the delivery came with the content of its parts (then no Fetch is needed).</summary>
    public static bool HasContent(Delivery delivery) => delivery.Contents.Count > 0;

    /// <summary>
    /// Checks the content pushed with a delivery as <see cref="FetchAndCheckAsync"/> checks a fetch: every part there,
    /// with its size and its SHA-256 as the delivery lists them. Returns the bytes checked.
    /// </summary>
    public static long CheckPushedContent(Delivery delivery)
    {
        if (delivery.Contents.Count != delivery.Parts.Count)
        {
            throw new InvalidOperationException($"The delivery of {delivery.DocumentId} came with {delivery.Contents.Count} contents for {delivery.Parts.Count} parts.");
        }

        long total = 0;
        for (var i = 0; i < delivery.Parts.Count; i++)
        {
            var (part, content) = (delivery.Parts[i], delivery.Contents[i]);
            if (content.PartId != part.PartId || content.Data.Length != part.Size || !part.Sha256.Span.SequenceEqual(SHA256.HashData(content.Data.Span)))
            {
                throw new InvalidOperationException($"Pushed part {part.PartId} of {delivery.DocumentId} does not match the size and SHA-256 the delivery lists.");
            }

            total += content.Data.Length;
        }

        return total;
    }

    /// <summary>Waits until <paramref name="documentId"/> is pushed on the recipient's inbox stream (from its start).</summary>
    public static async Task WaitForDeliveryAsync(CallInvoker recipient, string documentId, CancellationToken ct)
    {
        using var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new CallOptions(cancellationToken: ct));
        while (await inbox.ResponseStream.MoveNext(ct))
        {
            if (IsDocument(inbox.ResponseStream.Current) && inbox.ResponseStream.Current.Delivery.DocumentId == documentId)
            {
                return;
            }
        }
        throw new InvalidOperationException($"Document {documentId} never reached the recipient's inbox.");
    }

    /// <summary>Status 01 (đã đến): the acknowledgement that makes delivery exactly once.</summary>
    public static Task AcknowledgeAsync(CallInvoker client, string documentId, CancellationToken ct) =>
        client.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = documentId, StatusCode = Protocol.V1.ProcessingStatusCode.Arrived },
            new CallOptions(cancellationToken: ct));

    public static bool IsDocument(InboxEvent e) => e.EventCase == InboxEvent.EventOneofCase.Delivery && e.Delivery.Kind == DeliveryKind.Document;

    public static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{e.GetType().Name}: {e.Message}";
}
