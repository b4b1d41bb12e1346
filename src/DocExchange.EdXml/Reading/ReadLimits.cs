using System.Xml;

namespace DocExchange.EdXml.Reading;

/// <summary>Counts what the reader has seen against <see cref="EdXmlReaderOptions"/>; each excess names its limit.</summary>
internal sealed class ReadLimits(EdXmlReaderOptions options)
{
    private int _elements;
    private long _envelopeCharacters;

    public EdXmlReaderOptions Options => options;

    public void Element(XmlReader reader)
    {
        if (++_elements > options.MaxElements)
            throw EdXmlException.LimitExceeded(nameof(options.MaxElements), options.MaxElements, $"element {reader.LocalName} (line {LineOf(reader)})");
        if (reader.Depth + 1 > options.MaxDepth)
            throw EdXmlException.LimitExceeded(nameof(options.MaxDepth), options.MaxDepth, $"element {reader.LocalName} (line {LineOf(reader)})");
    }

    public void EnvelopeCharacters(long count, string where)
    {
        _envelopeCharacters += count;
        if (_envelopeCharacters > options.MaxEnvelopeCharacters)
            throw EdXmlException.LimitExceeded(nameof(options.MaxEnvelopeCharacters), options.MaxEnvelopeCharacters, where);
    }

    public static int LineOf(XmlReader reader) => reader is IXmlLineInfo info ? info.LineNumber : 0;
}
