using DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>How the server applies the caller agency's seal (its organisational signature) with <see cref="DocExchangeClient.SealAsync"/>.</summary>
public sealed class SealOptions
{
    /// <summary>PAdES baseline level: B-B, B-T (default, with the server's time-stamp), B-LT or B-LTA.</summary>
    public SignatureLevel Level { get; set; } = SignatureLevel.BT;

    /// <summary>A visible seal on a page; invisible when null.</summary>
    public VisibleSignature? Appearance { get; set; }

    /// <summary>The reason written into the signature, e.g. "Ban hành".</summary>
    public string? Reason { get; set; }

    /// <summary>The place written into the signature.</summary>
    public string? Location { get; set; }

    /// <summary>Name of the signature field to create; the server picks one when null.</summary>
    public string? FieldName { get; set; }

    /// <summary>Raise the PDF's existing signatures to <see cref="Level"/> (B-T or above) instead of adding a seal.</summary>
    public bool ExtendOnly { get; set; }

    internal SignOptions ToProto()
    {
        if (Level == SignatureLevel.Unspecified || !Enum.IsDefined(Level))
        {
            throw new ArgumentException($"SealOptions.Level must be B-B, B-T, B-LT or B-LTA, not {Level}.");
        }

        if (ExtendOnly && Level == SignatureLevel.BB)
        {
            throw new ArgumentException("SealOptions.ExtendOnly raises existing signatures: choose level B-T, B-LT or B-LTA.");
        }

        return new SignOptions
        {
            Level = Level,
            Appearance = Appearance?.ToProto(),
            Reason = Reason ?? string.Empty,
            Location = Location ?? string.Empty,
            FieldName = FieldName ?? string.Empty,
            ExtendOnly = ExtendOnly,
        };
    }
}
