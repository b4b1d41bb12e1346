namespace DocExchange.Core.Documents;

/// <summary>How a repeated send (the same sender and message id) differs from the document first stored under that id.</summary>
/// <param name="Field">
/// What differs, as the audit trail records it: <c>header</c> or <c>header.&lt;field&gt;</c> (the edXML header, e.g.
/// <c>header.to</c> for the recipients), <c>subject</c>, <c>number</c>, <c>notation</c>, <c>promulgation_date</c>,
/// <c>business_type</c>, <c>referenced_document</c>, <c>parts</c> (their number), or for one part <c>part_id</c>,
/// <c>kind</c>, <c>file_name</c>, <c>content_type</c>, <c>size</c>, <c>sha256</c>.
/// </param>
/// <param name="PartId">The stored part concerned, or null for a difference in the document's metadata.</param>
/// <param name="Description">The difference in words, for the sender.</param>
public sealed record SendDifference(string Field, string? PartId, string Description);
