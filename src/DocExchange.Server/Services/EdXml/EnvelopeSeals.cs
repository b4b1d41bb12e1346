using DocExchange.Core.Agencies;
using DocExchange.Core.Errors;
using DocExchange.EdXml.Signatures;
using DocExchange.Server.Signing;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// The envelope signer of an agency: its seal key from the server's keystore (the key Signing.Sign seals PDFs with).
/// None when the keystore holds no key for the agency, or holds it in a device the XML signer cannot use: the package
/// then goes out unsigned (docs/EDXML.md).
/// </summary>
public sealed class EnvelopeSeals(ISealKeyStore keyStore)
{
    public async Task<EdXmlEnvelopeSigner?> FindAsync(AgencyCode agency, CancellationToken cancellationToken)
    {
        DocExchange.Signing.Pades.IPadesSigner? seal;
        try
        {
            seal = await keyStore.FindSealAsync(agency, cancellationToken).ConfigureAwait(false);
        }
        catch (SealKeyStoreException e)
        {
            throw ExchangeException.FailedPrecondition($"the seal key of agency {agency} cannot sign the edXML envelope: {e.Message}");
        }
        return seal is { Certificate.HasPrivateKey: true } ? new EdXmlEnvelopeSigner(seal.Certificate, seal.Chain) : null;
    }
}
