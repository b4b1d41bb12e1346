using BenchmarkDotNet.Attributes;
using DocExchange.Bench;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Validation;
using DocExchange.Storage.Blobs;

namespace DocExchange.Benchmarks;

/// <summary>
/// The server's send path for a signed main PDF once it is spooled: validation, then the blob file written, fsync'ed and
/// published. <see cref="ValidateThenStore"/> is the path as it was (validation hashes the spool, the blob store reads
/// it again and hashes it again); <see cref="ValidateCopyingToBlob"/> is the path now (validation's one read writes the
/// blob and takes the blob writer's SHA-256). The spool is in memory up to 1 MiB, a file above, as on the server.
/// </summary>
public class SendMainPartBenchmarks
{
    private const int InMemorySpoolLimit = 1024 * 1024;

    private BenchPki _pki = null!;
    private ValidationOptions _validation = null!;
    private byte[] _signed = null!;
    private string _folder = null!;
    private string _spoolFile = null!;
    private FileBlobStore _blobs = null!;

    public static IEnumerable<int> Sizes() => BenchSettings.Quick ? [100 * 1024] : [1024 * 1024, 20 * 1024 * 1024];

    /// <summary>Size of the unsigned PDF in bytes.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Bytes { get; set; } = 1024 * 1024;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _pki = BenchPki.Create();
        _validation = new ValidationOptions { TrustAnchors = [_pki.RootCertificate], Crls = [_pki.Crl], RevocationPolicy = RevocationPolicy.Require };
        using (var input = new MemoryStream(BenchPdf.Create(Bytes), writable: false))
        using (var output = new MemoryStream())
        {
            await PdfSigner.SignAsync(input, output, new CertificateSigner(_pki.Signer, [_pki.RootCertificate]), new PdfSignatureOptions(), CancellationToken.None);
            _signed = output.ToArray();
        }
        _folder = Directory.CreateTempSubdirectory("docexchange-bench-send-").FullName;
        _spoolFile = Path.Combine(_folder, "spool.pdf");
        await File.WriteAllBytesAsync(_spoolFile, _signed);
        _blobs = new FileBlobStore(Path.Combine(_folder, "blobs"));
        if ((await ValidateCopyingToBlob()).Signatures[0].Indication != Indication.TotalPassed || (await ValidateThenStore()).Signatures[0].Indication != Indication.TotalPassed)
        {
            throw new InvalidOperationException("The benchmark's signed PDF does not validate.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<ValidationReport> ValidateThenStore()
    {
        await using var spool = OpenSpool();
        var report = await PdfSignatureValidator.ValidateAsync(spool, _validation, CancellationToken.None);
        spool.Position = 0;
        await _blobs.WriteAsync(spool, CancellationToken.None);
        return report;
    }

    [Benchmark]
    public async Task<ValidationReport> ValidateCopyingToBlob()
    {
        await using var spool = OpenSpool();
        await using var blob = await _blobs.BeginWriteAsync(CancellationToken.None);
        var report = await PdfSignatureValidator.ValidateAsync(spool, _validation, blob, CancellationToken.None);
        await blob.CompleteAsync(CancellationToken.None);
        await blob.CommitAsync(CancellationToken.None);
        return report;
    }

    private Stream OpenSpool() => _signed.Length <= InMemorySpoolLimit
        ? new MemoryStream(_signed, writable: false)
        : new FileStream(_spoolFile, FileMode.Open, FileAccess.Read, FileShare.Read, 80 * 1024, FileOptions.Asynchronous);
}
