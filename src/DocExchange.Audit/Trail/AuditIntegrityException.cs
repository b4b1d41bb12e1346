namespace DocExchange.Audit.Trail;

/// <summary>
/// The stored audit trail contradicts itself: an event is missing or out of sequence, a leaf is not a canonical event,
/// the Merkle log no longer matches a checkpoint signed earlier, or two checkpoints of one size differ. The server
/// stops extending or signing the log until an operator investigates.
/// </summary>
public sealed class AuditIntegrityException : Exception
{
    public AuditIntegrityException(string message)
        : base(message)
    {
    }
}
