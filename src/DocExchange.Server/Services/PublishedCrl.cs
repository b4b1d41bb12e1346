using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Core.Errors;
using DocExchange.Core.Exchange;
using DocExchange.Core.Storage;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Services;

/// <summary>
/// Reads a CRL an operator publishes and checks it against the agency's trusted CAs, so the domain (which does not parse
/// CRLs) receives only verified facts. Client certificates of the agency are then checked against it on every call
/// (Security/ClientCertificateAuthenticator).
/// </summary>
internal static class PublishedCrl
{
    /// <summary>
    /// InvalidArgument when the bytes are not a CRL or its signature does not verify with the trusted CA it names;
    /// FailedPrecondition when its issuer is not one of the agency's trusted CAs.
    /// </summary>
    public static AgencyCrl Verify(Agency agency, byte[] der)
    {
        CrlDocument crl;
        try
        {
            crl = CrlDocument.Read(der);
        }
        catch (FormatException e)
        {
            throw ExchangeException.InvalidArgument($"the CRL cannot be read ({e.Message}): supply a DER-encoded X.509 CRL");
        }

        var issuers = agency.TrustedCas.Where(ca => IsSubject(ca, crl)).ToList();
        if (issuers.Count == 0) throw ExchangeService.UntrustedCrlIssuer(agency.Code, crl.IssuerName.Name);
        foreach (var ca in issuers)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(ca.Der);
            if (crl.IsSignedBy(certificate))
                return new AgencyCrl(der, ca.Sha256, crl.IssuerName.Name, crl.ThisUpdate, crl.NextUpdate, crl.RevokedCount);
        }
        throw ExchangeException.InvalidArgument(
            $"the CRL names '{crl.IssuerName.Name}' as issuer but its signature does not verify with that trusted CA's key: it is corrupted or forged");
    }

    private static bool IsSubject(TrustedCa ca, CrlDocument crl)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(ca.Der);
            return crl.IsIssuedBy(certificate);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
