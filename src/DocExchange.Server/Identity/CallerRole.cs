namespace DocExchange.Server.Identity;

public enum CallerRole
{
    /// <summary>No usable identity: only health checks and reflection are open to it.</summary>
    Anonymous,

    /// <summary>An agency's document system, acting as that agency only.</summary>
    Agency,

    /// <summary>Reads the audit trail; changes nothing.</summary>
    Auditor,

    /// <summary>Administers the registry.</summary>
    Operator,
}
