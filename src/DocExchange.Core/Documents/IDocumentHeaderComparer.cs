namespace DocExchange.Core.Documents;

/// <summary>
/// Compares the serialised edXML header of a repeated send with the stored one. The header is opaque to the domain;
/// the server, which knows its format, names the field that differs.
/// </summary>
public interface IDocumentHeaderComparer
{
    /// <returns>Null when both describe the same header; else the first difference (<see cref="SendDifference.Field"/> <c>header…</c>).</returns>
    SendDifference? FindDifference(ReadOnlyMemory<byte> stored, ReadOnlyMemory<byte> repeated);
}

/// <summary>Compares headers byte for byte, naming no field: the default where the header's format is unknown.</summary>
public sealed class BytewiseHeaderComparer : IDocumentHeaderComparer
{
    public static BytewiseHeaderComparer Instance { get; } = new();

    private BytewiseHeaderComparer()
    {
    }

    public SendDifference? FindDifference(ReadOnlyMemory<byte> stored, ReadOnlyMemory<byte> repeated) =>
        stored.Span.SequenceEqual(repeated.Span) ? null : new SendDifference("header", null, "the edXML header");
}
