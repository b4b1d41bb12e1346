using DocExchange.Client.Sending;
using DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>
/// An outgoing document: its edXML metadata, the main PDF and any attachments, each from a file, bytes or a
/// stream, and the message id that makes sending it idempotent.
/// </summary>
/// <remarks>
/// A failed attempt is retried only when every part can be read again: a file, bytes, or a seekable stream
/// (read again from the position it had when added). A stream that cannot seek is read once, so a Send that
/// fails after it started reading that stream is not retried; send the same builder again to retry it safely,
/// since its <see cref="MessageId"/> stays the same.
/// </remarks>
public sealed class OutgoingDocumentBuilder
{
    /// <summary>The part id of the main document unless another is given.</summary>
    public const string MainPartId = "main";

    private readonly List<PartToSend> _attachments = [];
    private readonly DocumentMetadataBuilder _metadata;
    private PartToSend? _main;

    /// <summary>Starts a document, with a new message id and, optionally, metadata built elsewhere.</summary>
    public OutgoingDocumentBuilder(DocumentMetadataBuilder? metadata = null)
    {
        _metadata = metadata ?? new DocumentMetadataBuilder();
    }

    /// <summary>
    /// Unique per sender: the server stores a document once per message id and answers a repeat with the first
    /// result. Generated when the builder is created, so sending the same builder again cannot store it twice.
    /// </summary>
    public string MessageId { get; private set; } = Guid.NewGuid().ToString("N");

    /// <summary>Uses a message id of the caller's own (e.g. its document-management system's record id).</summary>
    public OutgoingDocumentBuilder WithMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        MessageId = messageId;
        return this;
    }

    /// <summary>Sets the edXML metadata: recipients, number and notation, subject, signer, priority, …</summary>
    public OutgoingDocumentBuilder Metadata(Action<DocumentMetadataBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_metadata);
        return this;
    }

    /// <summary>The main document (the signed PDF) from a file.</summary>
    public OutgoingDocumentBuilder MainDocument(string filePath, string? fileName = null, string contentType = "application/pdf", string partId = MainPartId) =>
        SetMain(new PartToSend(partId, fileName ?? Path.GetFileName(filePath), contentType, ContentSource.FromFile(filePath)));

    /// <summary>The main document from bytes in memory.</summary>
    public OutgoingDocumentBuilder MainDocument(ReadOnlyMemory<byte> content, string fileName, string contentType = "application/pdf", string partId = MainPartId) =>
        SetMain(new PartToSend(partId, fileName, contentType, ContentSource.FromBytes(content)));

    /// <summary>
    /// The main document from a stream, read from its current position. <paramref name="length"/> is needed only
    /// when the stream cannot seek. The stream stays open; it must stay readable until the send ends.
    /// </summary>
    public OutgoingDocumentBuilder MainDocument(Stream content, string fileName, long? length = null, string contentType = "application/pdf", string partId = MainPartId) =>
        SetMain(new PartToSend(partId, fileName, contentType, ContentSource.FromStream(content, length)));

    /// <summary>An attachment from a file; its content type is guessed from the extension unless given.</summary>
    public OutgoingDocumentBuilder Attach(string filePath, string? fileName = null, string? contentType = null, string? partId = null)
    {
        var name = fileName ?? Path.GetFileName(filePath);
        return AddAttachment(partId, name, contentType, ContentSource.FromFile(filePath));
    }

    /// <summary>An attachment from bytes in memory.</summary>
    public OutgoingDocumentBuilder Attach(ReadOnlyMemory<byte> content, string fileName, string? contentType = null, string? partId = null) =>
        AddAttachment(partId, fileName, contentType, ContentSource.FromBytes(content));

    /// <summary>An attachment from a stream (see <see cref="MainDocument(Stream, string, long?, string, string)"/>).</summary>
    public OutgoingDocumentBuilder Attach(Stream content, string fileName, long? length = null, string? contentType = null, string? partId = null) =>
        AddAttachment(partId, fileName, contentType, ContentSource.FromStream(content, length));

    /// <summary>Checks the document is complete and returns what to send; throws <see cref="InvalidOperationException"/> naming what is missing.</summary>
    internal (string MessageId, DocumentHeader Header, IReadOnlyList<PartToSend> Parts) Build()
    {
        var header = _metadata.Build();
        if (_main is null)
        {
            throw new InvalidOperationException("The document has no main document: call MainDocument(...) with the signed PDF.");
        }

        return (MessageId, header, [_main, .. _attachments]);
    }

    private OutgoingDocumentBuilder SetMain(PartToSend part)
    {
        if (_attachments.Any(a => a.PartId == part.PartId))
        {
            throw new ArgumentException($"Part id '{part.PartId}' is already used by an attachment.", nameof(part));
        }

        _main = part;
        return this;
    }

    private OutgoingDocumentBuilder AddAttachment(string? partId, string fileName, string? contentType, ContentSource source)
    {
        var id = partId ?? $"att-{_attachments.Count + 1}";
        if (_main?.PartId == id || _attachments.Any(a => a.PartId == id))
        {
            throw new ArgumentException($"Part id '{id}' is used twice: part ids must be unique in a document.", nameof(partId));
        }

        _attachments.Add(new PartToSend(id, fileName, contentType ?? ContentTypes.FromFileName(fileName), source));
        return this;
    }
}
