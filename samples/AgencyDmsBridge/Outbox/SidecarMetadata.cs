using System.Text.Json;
using System.Text.Json.Serialization;
using DocExchange.Client;
using DocExchange.Protocol.V1;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>
/// NAME.json beside NAME.pdf: the edXML metadata the document-management system supplies. Unknown properties are
/// refused so that a misspelt field is reported instead of silently dropped.
/// </summary>
public sealed class SidecarMetadata
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Recipient agency codes, e.g. ["000.00.00.H41"].</summary>
    public IReadOnlyList<string>? To { get; set; }

    /// <summary>Số: the number, e.g. "7816".</summary>
    public string? Number { get; set; }

    /// <summary>Ký hiệu: the notation, e.g. "VPCP-TTĐT".</summary>
    public string? Notation { get; set; }

    /// <summary>Trích yếu: the subject.</summary>
    public string? Subject { get; set; }

    public string? Content { get; set; }

    /// <summary>The edXML document type code, e.g. 1, with <see cref="TypeName"/>, e.g. "Công văn".</summary>
    public int? Type { get; set; }

    public string? TypeName { get; set; }

    public SidecarSigner? Signer { get; set; }

    /// <summary>0 normal, 1 urgent, 2 very urgent, 3 express, 4 express scheduled.</summary>
    public int? Priority { get; set; }

    public DateOnly? DueDate { get; set; }

    public string? PromulgationPlace { get; set; }

    public DateOnly? PromulgationDate { get; set; }

    /// <summary>Files in the outbox sent as attachments, by name.</summary>
    public IReadOnlyList<string>? Attachments { get; set; }

    /// <summary>Reads and checks a sidecar; throws <see cref="InvalidDataException"/> with a clerk-readable reason.</summary>
    public static SidecarMetadata Parse(string json, string fileName)
    {
        SidecarMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<SidecarMetadata>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName} is not valid metadata JSON: {e.Message}", e);
        }

        if (metadata is null)
        {
            throw new InvalidDataException($"{fileName} is empty: it must be a JSON object with to, number, notation and subject.");
        }

        var missing = new List<string>();
        if (metadata.To is not { Count: > 0 } || metadata.To.Any(string.IsNullOrWhiteSpace)) missing.Add("to (a list of agency codes)");
        if (string.IsNullOrWhiteSpace(metadata.Number)) missing.Add("number");
        if (string.IsNullOrWhiteSpace(metadata.Notation)) missing.Add("notation");
        if (string.IsNullOrWhiteSpace(metadata.Subject)) missing.Add("subject");
        if (metadata.Type is not null && string.IsNullOrWhiteSpace(metadata.TypeName)) missing.Add("typeName (given type)");
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{fileName} lacks {string.Join(", ", missing)}.");
        }

        return metadata;
    }

    /// <summary>Fills the client's metadata builder; the builder throws <see cref="ArgumentException"/> on a malformed value.</summary>
    public void ApplyTo(DocumentMetadataBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.To([.. To!]).Code(Number!, Notation!).Subject(Subject!);
        if (!string.IsNullOrWhiteSpace(Content)) builder.Content(Content);
        if (Type is { } type) builder.Type(type, TypeName!);
        if (Signer is { FullName: { Length: > 0 } name }) builder.Signer(name, Signer.Position, Signer.Competence);
        if (Priority is { } priority) builder.Priority((DocExchange.Protocol.V1.Priority)priority);
        if (DueDate is { } due) builder.DueDate(due);
        if (PromulgationDate is { } date) builder.Promulgation(PromulgationPlace, date);
    }
}

/// <summary>Who signed the document.</summary>
public sealed class SidecarSigner
{
    public string? FullName { get; set; }

    public string? Position { get; set; }

    public string? Competence { get; set; }
}
