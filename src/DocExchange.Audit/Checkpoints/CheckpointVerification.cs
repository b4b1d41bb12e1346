namespace DocExchange.Audit.Checkpoints;

/// <summary>Outcome of checking a signed checkpoint; <see cref="Checkpoint"/> is the signed content when valid.</summary>
public sealed record CheckpointVerification(bool IsValid, Checkpoint? Checkpoint, string? FailureReason)
{
    internal static CheckpointVerification Invalid(string reason) => new(false, null, reason);
}
