namespace DocExchange.EdXml.Model;

/// <summary>
/// One entry of edXMLManifest: an attachment of the package. <paramref name="ContentId"/> is the bare id (written
/// <c>cid:{id}</c> in the manifest); the attachment of the same id carries the content.
/// </summary>
public sealed record EdXmlReference(string ContentId, string ContentType, string AttachmentName, string Description = "");
