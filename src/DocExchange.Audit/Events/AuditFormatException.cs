namespace DocExchange.Audit.Events;

/// <summary>Bytes that are not a canonical audit event of a known version.</summary>
public sealed class AuditFormatException : Exception
{
    public AuditFormatException(string message)
        : base(message)
    {
    }
}
