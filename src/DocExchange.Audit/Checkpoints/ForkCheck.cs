namespace DocExchange.Audit.Checkpoints;

/// <summary>Verdict of comparing two (already verified) checkpoints.</summary>
public sealed record ForkCheck(ForkStatus Status, string Message);
