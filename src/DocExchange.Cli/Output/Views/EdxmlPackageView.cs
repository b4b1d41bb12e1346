using DocExchange.EdXml.Model;
using DocExchange.EdXml.Signatures;

namespace DocExchange.Cli.Output.Views;

/// <summary>An edXML package as <c>dx edxml inspect</c> shows it.</summary>
public sealed record EdxmlPackageView(
    string File,
    string Format,
    string Kind,
    EdxmlHeaderView? Header,
    EdxmlStatusView? Status,
    IReadOnlyList<EdxmlAttachmentView> Attachments,
    EdxmlSignatureView Signature)
{
    public static EdxmlPackageView From(string file, EdXmlPackage package, IReadOnlyList<EdxmlAttachmentView> attachments)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new EdxmlPackageView(
            file,
            package.Format == EdXmlFormat.Qcvn102 ? "QCVN 102:2016" : "legacy eDoc",
            package.Status is null ? "document" : "status",
            package.Header is { } header ? EdxmlHeaderView.Of(header) : null,
            package.Status is { } status ? EdxmlStatusView.Of(status) : null,
            attachments,
            EdxmlSignatureView.From(package.Signature));
    }
}

public sealed record EdxmlHeaderView(
    string From,
    IReadOnlyList<string> To,
    string? DocumentId,
    string Code,
    string Subject,
    string? Type,
    string? PromulgationDate,
    string? DueDate,
    int Priority,
    string? Signer,
    string? Business,
    int TraceHops)
{
    public static EdxmlHeaderView Of(EdXmlMessageHeader header) => new(
        header.From.OrganId.Value,
        header.To.Select(t => t.OrganId.Value).ToList(),
        header.DocumentId?.ToString(),
        $"{header.CodeNumber}/{header.CodeNotation}",
        header.Subject,
        header.DocumentType.TypeName.Length == 0 ? null : header.DocumentType.TypeName,
        header.Promulgation.Date?.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture),
        header.DueDate?.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture),
        (int)header.OtherInfo.Priority,
        header.Signer.FullName.Length == 0 ? null : string.Join(' ', new[] { header.Signer.Competence, header.Signer.Position, header.Signer.FullName }.Where(s => s.Length > 0)),
        header.Business is { } business ? $"{(int)business.DocType} {business.DocType.ToString().ToLowerInvariant()}" : null,
        header.Trace.Count);
}

public sealed record EdxmlStatusView(string DocumentId, string From, string Code, string? Description, DateTimeOffset Timestamp)
{
    public static EdxmlStatusView Of(EdXmlStatus status) => new(
        status.ResponseFor.DocumentId.ToString(),
        status.From.OrganId.Value,
        Core.Statuses.StatusCodeText.Describe(status.Code),
        status.Description.Length == 0 ? null : status.Description,
        status.Timestamp);
}

public sealed record EdxmlAttachmentView(string ContentId, string Name, string ContentType, long Size, string Sha256)
{
    public static EdxmlAttachmentView From(EdXmlReceivedAttachment attachment, string sha256) =>
        new(attachment.Reference.ContentId, attachment.Reference.AttachmentName, attachment.Reference.ContentType, attachment.Length, sha256);
}

public sealed record EdxmlSignatureView(string Result, string? Reason, string? Signer, string? Thumbprint, bool CoversManifest)
{
    public static EdxmlSignatureView From(EdXmlSignatureResult result) => new(
        result.Status.ToString().ToLowerInvariant(),
        result.Reason,
        result.Signer?.Subject,
        result.Signer?.Thumbprint,
        result.CoversManifest);
}
