namespace DocExchange.Server.Security;

/// <summary>
/// A supply of CRLs that client certificates are checked against on every call: the configured CRL folder today;
/// the CRLs operators publish through the registry can plug in later as another source.
/// </summary>
// Plug-in point: a registry-backed source would serve Agency.Crls (stored by Registry/PublishCrl, already signature-checked).
public interface IRevocationSource
{
    /// <summary>The CRLs as of now. Must be cheap: it is read on every call (cache and refresh in the source).</summary>
    RevocationSnapshot Current { get; }
}

/// <summary>CRLs (each DER or PEM) and a version that changes whenever they do.</summary>
public sealed record RevocationSnapshot(long Version, IReadOnlyList<byte[]> Crls)
{
    public static RevocationSnapshot Empty { get; } = new(0, []);
}
