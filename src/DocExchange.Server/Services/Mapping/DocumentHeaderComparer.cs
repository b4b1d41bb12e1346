using DocExchange.Core.Documents;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DocExchange.Server.Services.Mapping;

/// <summary>
/// Compares a repeated send's edXML header (<see cref="DocumentHeader"/>, as the server stores it) with the stored one,
/// naming the first field that differs by its proto path, e.g. <c>header.subject</c>, <c>header.signer_info.full_name</c>;
/// the recipients are <c>header.to</c>.
/// </summary>
public sealed class DocumentHeaderComparer : IDocumentHeaderComparer
{
    public static DocumentHeaderComparer Instance { get; } = new();

    private DocumentHeaderComparer()
    {
    }

    public SendDifference? FindDifference(ReadOnlyMemory<byte> stored, ReadOnlyMemory<byte> repeated)
    {
        if (stored.Span.SequenceEqual(repeated.Span)) return null;
        DocumentHeader before, after;
        try
        {
            before = DocumentHeader.Parser.ParseFrom(stored.Span);
            after = DocumentHeader.Parser.ParseFrom(repeated.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return new SendDifference("header", null, "the edXML header");
        }

        return FirstDifference(before, after, "header") is { } path
            ? new SendDifference(path, null, Describe(path))
            // Every known field is equal: the same header in another encoding, or fields this server does not know differ.
            : before.Equals(after) ? null : new SendDifference("header", null, "the edXML header's fields unknown to this server");
    }

    private static string? FirstDifference(IMessage before, IMessage after, string path)
    {
        foreach (var field in before.Descriptor.Fields.InFieldNumberOrder())
        {
            var (was, now) = (field.Accessor.GetValue(before), field.Accessor.GetValue(after));
            if (Equals(was, now)) continue;
            var fieldPath = $"{path}.{field.Name}";
            return field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap && was is IMessage a && now is IMessage b
                ? FirstDifference(a, b, fieldPath) ?? fieldPath
                : fieldPath;
        }
        return null;
    }

    private static string Describe(string path) => path switch
    {
        "header.to" => "the recipients (header field 'to')",
        "header.subject" => "the subject (header field 'subject')",
        _ => $"the header field '{path["header.".Length..]}'",
    };
}
