namespace DocExchange.Signing.Pades;

public enum PadesLevel
{
    None,
    BaselineB,
    BaselineT,
    BaselineLT,
    BaselineLTA,
}

/// <summary>What the one-shot signer produced.</summary>
public sealed record PdfSigningResult(
    string FieldName,
    PadesLevel Level,
    DateTimeOffset SigningTime,
    DateTimeOffset? TimestampTime,
    long Size,
    byte[] Sha256);
