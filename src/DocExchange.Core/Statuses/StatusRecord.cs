using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;

namespace DocExchange.Core.Statuses;

/// <summary>A stored status (edXML Status).</summary>
/// <param name="Sequence">Position in the status streams; resume a watch after it.</param>
/// <param name="Recipient">Whose copy the status is about (for 13 the asked recipient, else the reporter).</param>
/// <param name="Timestamp">The reporter's timestamp.</param>
/// <param name="RecordedAt">When the server stored it.</param>
public sealed record StatusRecord(
    long Sequence,
    DocumentId DocumentId,
    AgencyCode Sender,
    AgencyCode Recipient,
    AgencyCode Reporter,
    StatusCode Code,
    string Description,
    DateTimeOffset Timestamp,
    DateTimeOffset RecordedAt,
    StaffInfo Staff,
    string? MessageId);
