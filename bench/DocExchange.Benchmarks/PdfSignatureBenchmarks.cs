using BenchmarkDotNet.Attributes;
using DocExchange.Bench;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Validation;

namespace DocExchange.Benchmarks;

/// <summary>
/// PAdES B-B signing (RSA-2048, SHA-256, incremental update) and full validation (hash, CMS, chain to the trust
/// anchor, CRL revocation, modification analysis) of PDFs built in process, in memory.
/// </summary>
public class PdfSignatureBenchmarks
{
    private BenchPki _pki = null!;
    private CertificateSigner _signer = null!;
    private ValidationOptions _validation = null!;
    private byte[] _pdf = null!;
    private byte[] _signed = null!;

    public static IEnumerable<int> Sizes() => BenchSettings.Quick
        ? [100 * 1024, 1024 * 1024]
        : [100 * 1024, 1024 * 1024, 20 * 1024 * 1024];

    /// <summary>Size of the unsigned PDF in bytes.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Bytes { get; set; } = 100 * 1024;

    // The in-process toolchain does not await an async [GlobalSetup] (BenchmarkDotNet issue #1738): a setup that really
    // yields (building the 10M tree does) would still be running when the workload starts, so it is waited for here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _pki = BenchPki.Create();
        _signer = new CertificateSigner(_pki.Signer, [_pki.RootCertificate]);
        _validation = new ValidationOptions
        {
            TrustAnchors = [_pki.RootCertificate],
            Crls = [_pki.Crl],
            RevocationPolicy = RevocationPolicy.Require,
        };
        _pdf = BenchPdf.Create(Bytes);
        _signed = await SignAsync();
        var report = await ValidateAsync();
        if (report.Signatures.Count != 1 || report.Signatures[0].Indication != Indication.TotalPassed)
        {
            throw new InvalidOperationException($"The benchmark's signed PDF does not validate: {string.Join("; ", report.Signatures.SelectMany(s => s.Errors))}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _pki.Dispose();

    [Benchmark]
    public async Task<long> SignBB()
    {
        using var output = await SignToMemoryAsync();
        return output.Length;
    }

    [Benchmark]
    public async Task<ValidationReport> Validate()
    {
        using var input = new MemoryStream(_signed, writable: false);
        return await PdfSignatureValidator.ValidateAsync(input, _validation, CancellationToken.None);
    }

    private async Task<byte[]> SignAsync()
    {
        using var output = await SignToMemoryAsync();
        return output.ToArray();
    }

    private async Task<MemoryStream> SignToMemoryAsync()
    {
        using var input = new MemoryStream(_pdf, writable: false);
        var output = new MemoryStream(_pdf.Length + 32 * 1024);
        await PdfSigner.SignAsync(input, output, _signer, new PdfSignatureOptions { Reason = "Ký duyệt" }, CancellationToken.None);
        return output;
    }

    private Task<ValidationReport> ValidateAsync() => Validate();
}
