using DocExchange.Signing.Ltv;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Infrastructure;

internal static class Extend
{
    /// <summary>The sample PKI's CA certificates and CRLs, as a server would hold them.</summary>
    public static LongTermValidationData SampleData(SamplePki pki) => new()
    {
        Certificates = [pki.AgencyCa.Certificate, pki.Root.Certificate],
        Crls = [pki.AgencyCaCrl, pki.RootCrl],
    };

    public static async Task<(byte[] Pdf, PadesExtensionResult Result)> ToAsync(byte[] pdf, PadesLevel level, SamplePki pki)
    {
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        var result = await PadesExtender.ExtendAsync(input, output, level, SignedPdfs.Tsa(pki), SampleData(pki), CancellationToken.None);
        return (output.ToArray(), result);
    }
}
