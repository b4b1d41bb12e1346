namespace DocExchange.Cli.Auditing;

/// <summary>A checkpoint as the verdict shows it; <see cref="SignatureValid"/> says whether it may be trusted.</summary>
public sealed record CheckpointSummary(string Subject, long TreeSize, string RootHash, string Time, bool SignatureValid);
