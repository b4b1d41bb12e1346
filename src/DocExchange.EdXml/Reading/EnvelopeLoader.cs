using System.Text;
using System.Xml;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// Copies the envelope (header and manifest: small) from the streaming reader into a DOM, within the limits: depth,
/// element count, characters per text node (read in chunks, so an oversized field is refused before it is held)
/// and characters of the whole envelope. Attributes other than namespace declarations and <c>Id</c> are refused.
/// </summary>
internal static class EnvelopeLoader
{
    public static async Task<XmlElement> LoadAsync(XmlReader reader, ReadLimits limits, string ns, CancellationToken ct)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        XmlNode current = document;
        var startDepth = reader.Depth;
        var chunk = new char[4096];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    limits.Element(reader);
                    var element = document.CreateElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                    CopyAttributes(reader, element, limits, ns);
                    current.AppendChild(element);
                    if (!reader.IsEmptyElement) current = element;
                    else if (reader.Depth == startDepth)
                    {
                        await reader.ReadAsync().ConfigureAwait(false);
                        return document.DocumentElement!;
                    }
                    break;
                case XmlNodeType.EndElement:
                    current = current.ParentNode!;
                    if (reader.Depth == startDepth)
                    {
                        await reader.ReadAsync().ConfigureAwait(false);
                        return document.DocumentElement!;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var nodeType = reader.NodeType;
                    var text = await ReadTextAsync(reader, chunk, limits, current.LocalName).ConfigureAwait(false);
                    current.AppendChild(nodeType switch
                    {
                        XmlNodeType.CDATA => document.CreateCDataSection(text),
                        XmlNodeType.Text => document.CreateTextNode(text),
                        XmlNodeType.Whitespace => document.CreateWhitespace(text),
                        _ => document.CreateSignificantWhitespace(text),
                    });
                    continue; // ReadTextAsync has moved past the node
            }
            if (!await reader.ReadAsync().ConfigureAwait(false))
                throw EdXmlException.Invalid(EdXmlNames.Envelope, "the package ends inside the envelope");
        }
    }

    private static async Task<string> ReadTextAsync(XmlReader reader, char[] chunk, ReadLimits limits, string element)
    {
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadValueChunkAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
        {
            text.Append(chunk, 0, read);
            if (text.Length > limits.Options.MaxTextLength)
                throw EdXmlException.LimitExceeded(nameof(limits.Options.MaxTextLength), limits.Options.MaxTextLength, $"element {element} (line {ReadLimits.LineOf(reader)})");
            limits.EnvelopeCharacters(read, $"element {element}");
        }
        await reader.ReadAsync().ConfigureAwait(false);
        return text.ToString();
    }

    private static void CopyAttributes(XmlReader reader, XmlElement element, ReadLimits limits, string ns)
    {
        if (!reader.MoveToFirstAttribute()) return;
        do
        {
            var isDeclaration = reader.NamespaceURI == "http://www.w3.org/2000/xmlns/";
            if (!isDeclaration && element.NamespaceURI == ns && !(reader.LocalName == EdXmlNames.IdAttribute && reader.NamespaceURI.Length == 0))
            {
                throw EdXmlException.NotSupported($"{element.LocalName}/@{reader.Name}", "the attribute has no place in the edXML mapping (docs/EDXML.md)");
            }
            if (reader.Value.Length > limits.Options.MaxTextLength)
                throw EdXmlException.LimitExceeded(nameof(limits.Options.MaxTextLength), limits.Options.MaxTextLength, $"attribute {reader.Name} of {element.LocalName}");
            limits.EnvelopeCharacters(reader.Value.Length, $"attribute {reader.Name} of {element.LocalName}");
            var attribute = element.OwnerDocument.CreateAttribute(reader.Prefix, reader.LocalName, reader.NamespaceURI);
            attribute.Value = reader.Value;
            element.Attributes.Append(attribute);
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }
}
