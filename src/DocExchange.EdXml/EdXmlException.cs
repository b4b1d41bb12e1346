using DocExchange.Core.Errors;

namespace DocExchange.EdXml;

/// <summary>Why an edXML package was refused.</summary>
public enum EdXmlErrorKind
{
    /// <summary>Malformed XML, a wrong namespace, a missing mandatory field or a value of the wrong form.</summary>
    Invalid,

    /// <summary>Well-formed, but holds an element or a form this mapping cannot carry without loss.</summary>
    NotSupported,

    /// <summary>A configured limit (size, depth, count, ratio) was exceeded.</summary>
    LimitExceeded,
}

/// <summary>
/// A refused edXML package. <see cref="Exception.Message"/> names the element (<see cref="Element"/>) or the limit
/// (<see cref="Limit"/>) so that the producer can fix its package; <see cref="ToExchangeKind"/> gives the domain's
/// error kind (invalid argument, or resource exhausted for a limit).
/// </summary>
public sealed class EdXmlException : Exception
{
    public EdXmlException(EdXmlErrorKind kind, string message, string? element = null, string? limit = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Element = element;
        Limit = limit;
    }

    public EdXmlErrorKind Kind { get; }

    /// <summary>The element at fault, as a path such as <c>edXMLHeader/MessageHeader/From/OrganId</c>.</summary>
    public string? Element { get; }

    /// <summary>The name of the limit exceeded, as in <see cref="EdXmlReaderOptions"/> (e.g. <c>MaxDepth</c>).</summary>
    public string? Limit { get; }

    public ExchangeErrorKind ToExchangeKind() =>
        Kind == EdXmlErrorKind.LimitExceeded ? ExchangeErrorKind.ResourceExhausted : ExchangeErrorKind.InvalidArgument;

    public ExchangeException ToExchangeException() => new(ToExchangeKind(), Message, this);

    internal static EdXmlException Invalid(string element, string problem) =>
        new(EdXmlErrorKind.Invalid, $"edXML element {element}: {problem}", element);

    internal static EdXmlException Missing(string element) =>
        new(EdXmlErrorKind.Invalid, $"edXML element {element} is missing: it is mandatory", element);

    internal static EdXmlException NotSupported(string element, string why) =>
        new(EdXmlErrorKind.NotSupported, $"not supported: {element}: {why}", element);

    internal static EdXmlException LimitExceeded(string limit, long value, string where) =>
        new(EdXmlErrorKind.LimitExceeded, $"edXML limit {limit} ({value}) exceeded at {where}", where, limit);
}
