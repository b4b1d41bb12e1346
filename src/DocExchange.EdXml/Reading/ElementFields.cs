using System.Xml;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// The child elements of one edXML element, checked against the names the mapping knows: an unknown name is
/// refused as not supported, a foreign namespace as invalid, a repeated single field as invalid. Nothing is dropped.
/// </summary>
internal sealed class ElementFields
{
    public const string SignatureKey = "ds:Signature";

    private readonly Dictionary<string, List<XmlElement>> _children = new(StringComparer.Ordinal);

    private ElementFields(string path) => Path = path;

    public string Path { get; }

    public static ElementFields Of(XmlElement element, string path, string ns, IReadOnlyCollection<string> known, bool allowSignature = false)
    {
        var fields = new ElementFields(path);
        foreach (XmlNode child in element.ChildNodes)
        {
            switch (child)
            {
                case XmlElement e when e.NamespaceURI == ns:
                    if (!known.Contains(e.LocalName))
                    {
                        throw EdXmlException.NotSupported($"{path}/{e.LocalName}", "the element has no place in the edXML mapping (docs/EDXML.md)");
                    }
                    fields.Add(e.LocalName, e);
                    break;
                case XmlElement e when allowSignature && e.NamespaceURI == SignedXmlNames.Namespace && e.LocalName == "Signature":
                    fields.Add(SignatureKey, e);
                    break;
                case XmlElement e:
                    throw EdXmlException.Invalid($"{path}/{e.LocalName}", $"is in namespace '{e.NamespaceURI}'; expected {ns}");
                case XmlText or XmlCDataSection when !string.IsNullOrWhiteSpace(child.Value):
                    throw EdXmlException.Invalid(path, "holds text outside its fields");
            }
        }
        return fields;
    }

    private void Add(string key, XmlElement element)
    {
        if (!_children.TryGetValue(key, out var list)) _children[key] = list = [];
        list.Add(element);
    }

    public string PathOf(string name) => $"{Path}/{name}";

    public IReadOnlyList<XmlElement> Many(string name) => _children.TryGetValue(name, out var list) ? list : [];

    public XmlElement? One(string name)
    {
        var list = Many(name);
        return list.Count switch
        {
            0 => null,
            1 => list[0],
            _ => throw EdXmlException.Invalid(PathOf(name), $"appears {list.Count} times; at most once is allowed"),
        };
    }

    public XmlElement Required(string name) => One(name) ?? throw EdXmlException.Missing(PathOf(name));

    /// <summary>The text of a leaf field, exactly as written; empty when absent.</summary>
    public string Text(string name, bool required = false)
    {
        var element = One(name);
        if (element is null)
        {
            return required ? throw EdXmlException.Missing(PathOf(name)) : string.Empty;
        }
        var text = LeafText(element, PathOf(name));
        if (required && string.IsNullOrWhiteSpace(text)) throw EdXmlException.Invalid(PathOf(name), "is empty; it is mandatory");
        return text;
    }

    public static string LeafText(XmlElement element, string path)
    {
        foreach (XmlNode child in element.ChildNodes)
        {
            if (child is XmlElement e) throw EdXmlException.NotSupported($"{path}/{e.LocalName}", "a text field holds an element");
        }
        return element.InnerText;
    }
}
