using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// A native header's every field as JSON, defaults included, with an absent group (From, Code, PromulgationInfo,
/// DocumentType, SignerInfo, OtherInfo, the business block's StaffInfo) shown as the empty group: the two are one value
/// in the exchange and in edXML. The document id and the trace, which the server assigns, are compared on their own.
/// </summary>
internal static class HeaderFields
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Of(DocumentHeader header)
    {
        var h = header.Clone();
        h.From ??= new Organization();
        h.Code ??= new DocumentCode();
        h.PromulgationInfo ??= new PromulgationInfo();
        h.DocumentType ??= new DocumentType();
        h.SignerInfo ??= new SignerInfo();
        h.OtherInfo ??= new OtherInfo();
        if (h.Business is { } business)
        {
            business.StaffInfo ??= new StaffInfo();
        }
        h.DocumentId = string.Empty;
        h.TraceHeaders.Clear();
        return Json.Format(h).Replace(", \"", ",\n\"", StringComparison.Ordinal);
    }

    /// <summary>Each part as declared and its bytes' SHA-256, in order.</summary>
    public static List<string> Of(IEnumerable<GeneratedPart> parts) =>
        parts.Select(p => Describe(p.Info.PartId, p.Info.Kind, p.Info.FileName, p.Info.ContentType, p.Content)).ToList();

    public static List<string> Of(NativeFetch fetched) =>
        fetched.Header.Parts.Select(p => Describe(p.PartId, p.Kind, p.FileName, p.ContentType, fetched.Parts.GetValueOrDefault(p.PartId, []))).ToList();

    private static string Describe(string id, PartKind kind, string name, string contentType, byte[] content) =>
        $"{id} {kind} '{name}' '{contentType}' {content.Length} bytes sha256:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))}";
}
