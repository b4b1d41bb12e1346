using DocExchange.Signing.Pki;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Infrastructure;

internal static class Validate
{
    public static ValidationOptions TrustingSample(SamplePki pki, RevocationPolicy revocation = RevocationPolicy.Require) => new()
    {
        TrustAnchors = [pki.Root.Certificate],
        Crls = [pki.AgencyCaCrl, pki.RootCrl],
        RevocationPolicy = revocation,
    };

    public static async Task<ValidationReport> PdfAsync(byte[] pdf, ValidationOptions options)
    {
        using var stream = new MemoryStream(pdf, writable: false);
        return await PdfSignatureValidator.ValidateAsync(stream, options, CancellationToken.None);
    }
}
