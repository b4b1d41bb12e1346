using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using Google.Protobuf;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.Mapping;

internal static class DocumentMapping
{
    /// <summary>The stored edXML header, completed with what the server assigned: the DocumentId and the trace.</summary>
    public static Proto.DocumentHeader HeaderOf(StoredDocument document)
    {
        var header = Proto.DocumentHeader.Parser.ParseFrom(document.Header.Span);
        header.DocumentId = document.Id.ToString();
        header.TraceHeaders.Clear();
        header.TraceHeaders.AddRange(document.Trace.Select(hop => new Proto.TraceHeader
        {
            OrganId = hop.OrganId.Value,
            Timestamp = hop.Timestamp.ToProto(),
        }));
        return header;
    }

    public static Proto.DocumentHeader HeaderOf(DocumentSummary summary)
    {
        var header = Proto.DocumentHeader.Parser.ParseFrom(summary.Header.Span);
        header.DocumentId = summary.Id.ToString();
        return header;
    }

    public static Proto.PartInfo ToProto(this StoredPart part) => new()
    {
        PartId = part.PartId,
        Kind = (Proto.PartKind)(int)part.Kind,
        FileName = part.FileName,
        ContentType = part.ContentType,
        Size = part.Size,
        Sha256 = ByteString.CopyFrom(part.Sha256.ToByteArray()),
    };

    public static Proto.ValidationReport? ValidationOf(StoredDocument document) =>
        document.Validation is { IsEmpty: false } report ? Proto.ValidationReport.Parser.ParseFrom(report.Span) : null;

    public static Proto.Delivery ToProto(this InboxDelivery delivery, IReadOnlyList<PartContent>? contents = null)
    {
        var proto = new Proto.Delivery
        {
            DocumentId = delivery.Document.Id.ToString(),
            Kind = (Proto.DeliveryKind)(int)delivery.Kind,
            Header = HeaderOf(delivery.Document),
            DeliveredAt = delivery.DeliveredAt.ToProto(),
            Pending = delivery.Pending,
            Reason = delivery.Reason ?? string.Empty,
        };
        proto.Parts.AddRange(delivery.Document.Parts.Select(p => p.ToProto()));
        if (ValidationOf(delivery.Document) is { } validation)
        {
            proto.Validation = validation;
        }

        foreach (var content in contents ?? [])
        {
            proto.Contents.Add(new Proto.PartContent { PartId = content.PartId, Data = UnsafeByteOperations.UnsafeWrap(content.Bytes) });
        }

        return proto;
    }

    public static Proto.DocumentSummary ToProto(this DocumentSummary summary)
    {
        var proto = new Proto.DocumentSummary
        {
            DocumentId = summary.Id.ToString(),
            Header = HeaderOf(summary),
            SentAt = summary.SentAt.ToProto(),
            LatestStatus = summary.LatestStatus is { } status ? (Proto.ProcessingStatusCode)(int)status : Proto.ProcessingStatusCode.Unspecified,
            Recalled = summary.Recalled,
        };
        proto.Recipients.AddRange(summary.Recipients.Select(r => r.Value));
        return proto;
    }

    public static PartDeclaration ToDomain(this Proto.PartInfo part) => new(
        part.PartId,
        (PartKind)(int)part.Kind,
        part.FileName,
        part.ContentType,
        part.Size,
        // Typed: a bare null would convert to an empty ReadOnlyMemory (through byte[]), not to "none declared".
        part.Sha256.IsEmpty ? (ReadOnlyMemory<byte>?)null : part.Sha256.Memory);
}
