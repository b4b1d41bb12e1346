using System.Xml;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// Reads <c>AttachmentEncoded</c>: each <c>Attachment</c>'s ContentId and its base64 <c>ContentTransferEncoded</c>,
/// decoded chunk by chunk into a temporary file (unzipped when the options say attachments are zipped).
/// </summary>
internal static class AttachmentDecoder
{
    private const string AttachmentPath = EdXmlNames.AttachmentEncoded + "/Attachment";

    public static async Task ReadAllAsync(XmlReader reader, ReadLimits limits, string folder, Dictionary<string, (string Path, long Length)> decoded, CancellationToken ct)
    {
        limits.Element(reader);
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return;
        }
        await reader.ReadAsync().ConfigureAwait(false);
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (reader.NamespaceURI != EdXmlNames.Namespace || reader.LocalName != "Attachment")
                    throw Unexpected(reader, EdXmlNames.AttachmentEncoded);
                if (decoded.Count >= limits.Options.MaxAttachments)
                    throw EdXmlException.LimitExceeded(nameof(limits.Options.MaxAttachments), limits.Options.MaxAttachments, AttachmentPath);
                var (id, file) = await ReadAttachmentAsync(reader, limits, folder, decoded.Count, ct).ConfigureAwait(false);
                if (!decoded.TryAdd(id, file))
                    throw EdXmlException.Invalid($"{AttachmentPath}/ContentId", $"'{id}' names two attachments");
                continue;
            }
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                throw EdXmlException.Invalid(EdXmlNames.AttachmentEncoded, "holds text outside its attachments");
            await reader.ReadAsync().ConfigureAwait(false);
        }
        await reader.ReadAsync().ConfigureAwait(false);
    }

    private static async Task<(string Id, (string Path, long Length) File)> ReadAttachmentAsync(XmlReader reader, ReadLimits limits, string folder, int index, CancellationToken ct)
    {
        limits.Element(reader);
        if (reader.IsEmptyElement) throw EdXmlException.Missing($"{AttachmentPath}/ContentId");
        await reader.ReadAsync().ConfigureAwait(false);
        string? id = null;
        (string Path, long Length)? file = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (reader.NamespaceURI != EdXmlNames.Namespace) throw Unexpected(reader, AttachmentPath);
                switch (reader.LocalName)
                {
                    case "ContentId" when id is null:
                        limits.Element(reader);
                        var text = await ReadShortTextAsync(reader, limits, $"{AttachmentPath}/ContentId").ConfigureAwait(false);
                        id = ContentIds.Bare(text, $"{AttachmentPath}/ContentId");
                        continue;
                    case "ContentTransferEncoded" when file is null:
                        file = await DecodeAsync(reader, limits, folder, index, ct).ConfigureAwait(false);
                        continue;
                    case "ContentId" or "ContentTransferEncoded":
                        throw EdXmlException.Invalid($"{AttachmentPath}/{reader.LocalName}", "appears twice in one attachment");
                    default:
                        throw Unexpected(reader, AttachmentPath);
                }
            }
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                throw EdXmlException.Invalid(AttachmentPath, "holds text outside its fields");
            await reader.ReadAsync().ConfigureAwait(false);
        }
        await reader.ReadAsync().ConfigureAwait(false);
        if (id is null) throw EdXmlException.Missing($"{AttachmentPath}/ContentId");
        if (file is null) throw EdXmlException.Missing($"{AttachmentPath}/ContentTransferEncoded");
        return (id, file.Value);
    }

    private static async Task<(string Path, long Length)> DecodeAsync(XmlReader reader, ReadLimits limits, string folder, int index, CancellationToken ct)
    {
        const string element = AttachmentPath + "/ContentTransferEncoded";
        limits.Element(reader);
        var options = limits.Options;
        var target = Path.Combine(folder, $"{index}.bin");
        var encodedPath = options.AttachmentsZipped ? Path.Combine(folder, $"{index}.zip") : target;
        long length;
        var output = new FileStream(encodedPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (output.ConfigureAwait(false))
        {
            var decoder = new Base64FileDecoder(output, options.MaxAttachmentBytes, options.MaxBase64LineLength, element);
            if (reader.IsEmptyElement)
            {
                await reader.ReadAsync().ConfigureAwait(false);
            }
            else
            {
                await reader.ReadAsync().ConfigureAwait(false);
                var chunk = new char[32 * 1024];
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                            int read;
                            while ((read = await reader.ReadValueChunkAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
                            {
                                await decoder.FeedAsync(chunk.AsMemory(0, read), ct).ConfigureAwait(false);
                            }
                            break;
                        case XmlNodeType.Element:
                            throw EdXmlException.NotSupported($"{element}/{reader.LocalName}", "base64 content holds an element");
                    }
                    await reader.ReadAsync().ConfigureAwait(false);
                }
                await reader.ReadAsync().ConfigureAwait(false);
            }
            await decoder.CompleteAsync(ct).ConfigureAwait(false);
            length = decoder.Length;
        }
        if (options.AttachmentsZipped)
        {
            length = await ZippedAttachment.ExtractAsync(encodedPath, target, options, element, ct).ConfigureAwait(false);
            File.Delete(encodedPath);
        }
        return (target, length);
    }

    private static async Task<string> ReadShortTextAsync(XmlReader reader, ReadLimits limits, string element)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return string.Empty;
        }
        var text = new System.Text.StringBuilder();
        var chunk = new char[1024];
        await reader.ReadAsync().ConfigureAwait(false);
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType == XmlNodeType.Element) throw EdXmlException.NotSupported($"{element}/{reader.LocalName}", "a text field holds an element");
            int read;
            while ((read = await reader.ReadValueChunkAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
            {
                text.Append(chunk, 0, read);
                if (text.Length > limits.Options.MaxTextLength)
                    throw EdXmlException.LimitExceeded(nameof(limits.Options.MaxTextLength), limits.Options.MaxTextLength, element);
            }
            await reader.ReadAsync().ConfigureAwait(false);
        }
        await reader.ReadAsync().ConfigureAwait(false);
        return text.ToString();
    }

    private static EdXmlException Unexpected(XmlReader reader, string parent) =>
        reader.NamespaceURI != EdXmlNames.Namespace
            ? EdXmlException.Invalid($"{parent}/{reader.LocalName}", $"is in namespace '{reader.NamespaceURI}'; expected {EdXmlNames.Namespace}")
            : EdXmlException.NotSupported($"{parent}/{reader.LocalName}", "the element has no place in the edXML mapping (docs/EDXML.md)");
}
