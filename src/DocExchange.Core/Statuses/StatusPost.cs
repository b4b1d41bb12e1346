using DocExchange.Core.Agencies;

namespace DocExchange.Core.Statuses;

/// <summary>A status a recipient posts about a document delivered to it (01–06, 15, 16).</summary>
/// <param name="Reporter">The authenticated reporting agency.</param>
/// <param name="Timestamp">When the reporter's system recorded it; the server's time when null.</param>
/// <param name="MessageId">Optional idempotency key, unique per reporter.</param>
public sealed record StatusPost(
    AgencyCode Reporter,
    string DocumentId,
    StatusCode Code,
    string? Description = null,
    DateTimeOffset? Timestamp = null,
    StaffInfo? Staff = null,
    string? MessageId = null);
