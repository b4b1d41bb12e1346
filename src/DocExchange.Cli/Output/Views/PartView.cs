using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>One part of a document: the main PDF or an attachment.</summary>
public sealed record PartView(string PartId, string Kind, string FileName, string ContentType, long Size, string? Sha256)
{
    public static PartView From(PartInfo part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return new PartView(
            part.PartId,
            part.Kind == PartKind.MainDocument ? "main" : "attachment",
            part.FileName,
            part.ContentType,
            part.Size,
            ProtoText.Hex(part.Sha256));
    }
}
