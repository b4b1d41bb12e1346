using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Security;

/// <summary>What the registry says about an agency's callers, read once per cache lifetime: whether it is active, the
/// CAs trusted to issue its certificates, and the CRLs published for them.</summary>
public sealed class AgencyTrust
{
    private AgencyTrust(AgencyCode code, bool active, X509Certificate2Collection cas, CrlSet crls)
    {
        Code = code;
        Active = active;
        Cas = cas;
        Crls = crls;
    }

    public AgencyCode Code { get; }

    public bool Active { get; }

    /// <summary>The agency's trusted CAs; empty when the registry trusts none for it yet.</summary>
    public X509Certificate2Collection Cas { get; }

    /// <summary>The CRLs published for those CAs (Registry.PublishCrl checked their signatures).</summary>
    public CrlSet Crls { get; }

    /// <param name="problems">Receives why a stored CA or CRL could not be read (it is then left out).</param>
    public static AgencyTrust From(Agency agency, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(agency);
        var cas = new X509Certificate2Collection();
        foreach (var ca in agency.TrustedCas)
        {
            try
            {
                cas.Add(X509CertificateLoader.LoadCertificate(ca.Der));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                problems.Add($"the trusted CA '{ca.Subject}' of agency {agency.Code} cannot be read: {e.Message}");
            }
        }

        return new AgencyTrust(agency.Code, agency.Active, cas, new CrlSet(agency.Crls.Select(c => c.Der), problems));
    }
}
