namespace DocExchange.Server.Security;

/// <summary>
/// A configured supply of CRLs that every client certificate is checked against on every call (the CRL folder). The
/// CRLs operators publish through the registry apply to their agency's certificates only, through <see cref="RegistryTrustCache"/>.
/// </summary>
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
