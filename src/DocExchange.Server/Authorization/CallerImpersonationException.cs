namespace DocExchange.Server.Authorization;

/// <summary>
/// Thrown by a handler when a request field names another agency than the caller, as if the caller could act as it
/// (for example SendHeader.document.from). <see cref="CallAuthorization"/> turns it into PERMISSION_DENIED with
/// this message and records a <c>call.impersonation</c> event in the audit trail.
/// </summary>
public sealed class CallerImpersonationException(string field, string claimed, string message) : Exception(message)
{
    /// <summary>The request field, e.g. "SendHeader.document.from.organ_id".</summary>
    public string Field { get; } = field;

    /// <summary>What the field claimed (client input: the audit detail keeps a sanitised prefix of it).</summary>
    public string Claimed { get; } = claimed;
}
