namespace DocExchange.Core.Auditing;

/// <summary>The action names the audit trail uses (the "action" of an event).</summary>
public static class AuditActions
{
    public const string DocumentSent = "document.sent";

    /// <summary>
    /// A send refused because its message id was already used for a different document (ALREADY_EXISTS); the event names
    /// the stored document, and the detail the message id and what differs.
    /// </summary>
    public const string SendConflict = "document.send_conflict";

    /// <summary>The sender added or removed recipients of a sent document (edXML business type 2); the detail names them.</summary>
    public const string RecipientsUpdated = "document.recipients_updated";

    /// <summary>A status posted by a recipient (01–06, 15, 16) or a recall request by the sender (13); the detail names the code.</summary>
    public const string StatusPosted = "status.posted";

    public const string AgencyRegistered = "registry.agency_registered";
    public const string AgencyUpdated = "registry.agency_updated";
    public const string AgencyDeactivated = "registry.agency_deactivated";

    /// <summary>An operator added a CA trusted to issue certificates for an agency; the detail names its SHA-256.</summary>
    public const string CaAdded = "registry.ca_added";

    /// <summary>An operator published a CRL of one of an agency's trusted CAs; the detail names the CA and thisUpdate.</summary>
    public const string CrlPublished = "registry.crl_published";

    /// <summary>A call refused by authorisation (recorded by the server, not a domain change).</summary>
    public const string CallDenied = "call.denied";

    /// <summary>A call refused because a request field claimed another agency than the caller's certificate binds.</summary>
    public const string CallImpersonation = "call.impersonation";

    public const string ServerStarted = "server.started";
    public const string AuditKeyCreated = "audit.key_created";
    public const string AuditKeyLoaded = "audit.key_loaded";

    public const string OutcomeOk = "ok";
    public const string OutcomeDenied = "denied";
}
