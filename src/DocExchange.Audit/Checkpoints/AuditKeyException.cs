namespace DocExchange.Audit.Checkpoints;

/// <summary>The audit key file cannot be used: no password, a wrong one, or a file that is not an encrypted P-256 key.</summary>
public sealed class AuditKeyException : Exception
{
    public AuditKeyException(string message)
        : base(message)
    {
    }

    public AuditKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
