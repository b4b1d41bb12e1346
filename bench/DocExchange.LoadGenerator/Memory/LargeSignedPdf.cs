using DocExchange.Bench;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator.Memory;

/// <summary>A signed PDF of a given size written to a file by streaming, never held in memory (for the memory runs).</summary>
internal static class LargeSignedPdf
{
    public static async Task WriteAsync(string path, BenchPki pki, long bytes, CancellationToken ct)
    {
        var unsigned = path + ".unsigned";
        try
        {
            await using (var file = new FileStream(unsigned, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                BenchPdf.Write(file, bytes);
            }
            await using (var input = new FileStream(unsigned, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
            await using (var output = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                await PdfSigner.SignAsync(input, output, new CertificateSigner(pki.Signer, [pki.RootCertificate]), new PdfSignatureOptions { Reason = "Ký duyệt" }, ct);
            }
        }
        finally
        {
            File.Delete(unsigned);
        }
    }
}
