using DocExchange.Core.Documents;

namespace DocExchange.Core.Exchange;

/// <summary>
/// Whether a send under a message id the sender already used repeats the stored document exactly: its header (which
/// records the recipients as sent; a later recipients update changes the deliveries, not the header), its parts'
/// declarations and their content. Anything else is a conflict, refused rather than answered as a repeat.
/// </summary>
internal static class RepeatedSend
{
    /// <summary>The first difference in what is known before the content: header, fields, parts and any declared SHA-256.</summary>
    public static SendDifference? InMetadata(StoredDocument stored, ValidatedDocument validated, IDocumentHeaderComparer headers)
    {
        var repeat = validated.Document;
        if (headers.FindDifference(stored.Header, repeat.Header) is { } header) return header;
        if (!string.Equals(stored.Subject, repeat.Subject.Trim(), StringComparison.Ordinal))
            return new SendDifference("subject", null, "the subject (trích yếu)");
        if (!string.Equals(stored.Id.CodeNumber, repeat.CodeNumber.Trim(), StringComparison.Ordinal))
            return new SendDifference("number", null, $"the number (số): {stored.Id.CodeNumber} was stored");
        if (!string.Equals(stored.Id.CodeNotation, repeat.CodeNotation.Trim(), StringComparison.Ordinal))
            return new SendDifference("notation", null, $"the notation (ký hiệu): {stored.Id.CodeNotation} was stored");
        if (repeat.PromulgationDate is { } date && date != stored.Id.Date)
            return new SendDifference("promulgation_date", null, $"the promulgation date: {stored.Id.Date.ToString(DocumentId.DateFormat, System.Globalization.CultureInfo.InvariantCulture)} was stored");
        if (stored.BusinessType != repeat.BusinessType)
            return new SendDifference("business_type", null, $"the business type: {stored.BusinessType} was stored");
        if (stored.ReferencedDocumentId != validated.ReferencedDocumentId)
            return new SendDifference("referenced_document", null, $"the document acted on: {stored.ReferencedDocumentId?.ToString() ?? "none"} was stored");
        if (stored.Parts.Count != repeat.Parts.Count)
            return new SendDifference("parts", null, $"the number of parts: {stored.Parts.Count} were stored, {repeat.Parts.Count} are sent");

        for (var i = 0; i < stored.Parts.Count; i++)
        {
            if (InDeclaration(stored.Parts[i], repeat.Parts[i], i) is { } part) return part;
        }
        return null;
    }

    /// <summary>True when every part declares its SHA-256, so that <see cref="InMetadata"/> has compared the content too.</summary>
    public static bool ContentDeclared(OutgoingDocument repeat) =>
        repeat.Parts.All(p => p.Sha256 is { Length: Storage.Sha256Digest.ByteLength });

    /// <summary>The first part whose received content differs from the stored one (the declarations are the same).</summary>
    public static SendDifference? InContent(StoredDocument stored, IReadOnlyList<StoredPart> received)
    {
        for (var i = 0; i < stored.Parts.Count; i++)
        {
            var (was, now) = (stored.Parts[i], received[i]);
            if (was.Sha256 != now.Sha256) return ContentDiffers(was, now.Sha256.Hex);
        }
        return null;
    }

    private static SendDifference? InDeclaration(StoredPart stored, PartDeclaration repeat, int index)
    {
        var id = stored.PartId;
        if (!string.Equals(id, repeat.PartId, StringComparison.Ordinal))
            return new SendDifference("part_id", id, $"the id of part {index + 1}: '{id}' was stored");
        if (stored.Kind != repeat.Kind)
            return new SendDifference("kind", id, $"the kind of part '{id}': {stored.Kind} was stored");
        if (!string.Equals(stored.FileName, repeat.FileName, StringComparison.Ordinal))
            return new SendDifference("file_name", id, $"the file name of part '{id}'");
        if (!string.Equals(stored.ContentType, repeat.ContentType ?? string.Empty, StringComparison.Ordinal))
            return new SendDifference("content_type", id, $"the content type of part '{id}': '{stored.ContentType}' was stored");
        if (stored.Size != repeat.Size)
            return new SendDifference("size", id, $"the size of part '{id}': {stored.Size} bytes were stored, {repeat.Size} are declared");
        if (repeat.Sha256 is { Length: Storage.Sha256Digest.ByteLength } declared && !declared.Span.SequenceEqual(stored.Sha256.ToByteArray()))
            return ContentDiffers(stored, Convert.ToHexStringLower(declared.Span));
        return null;
    }

    private static SendDifference ContentDiffers(StoredPart stored, string sentHex) =>
        new("sha256", stored.PartId, $"the content of part '{stored.PartId}': SHA-256 {stored.Sha256.Hex} was stored, {sentHex} is sent");
}
