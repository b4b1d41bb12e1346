using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DocExchange.Bench;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// Signed PDFs of one size whose bytes differ from send to send, as real documents do. The server keeps one blob file
/// per content: a load that sent the same bytes every time would find its blob already stored on every send after the
/// first, and skip the rename and the directory's fsync that a new document costs. The PDF is prepared for signing
/// once; each copy gets its own counter in the image's pixels (inside the signed byte range), its byte ranges hashed
/// again and a fresh signature: a SHA-256 pass and one RSA-2048 signature of the load generator's CPU per send.
/// </summary>
internal sealed class DistinctSignedPdfs
{
    private static long s_counter;

    private readonly byte[] _prepared;
    private readonly PreparedPdfSignature _signature;
    private readonly int _counterOffset;
    private readonly CertificateSigner _signer;
    private readonly PadesCmsBuilder _cms;

    private DistinctSignedPdfs(byte[] prepared, PreparedPdfSignature signature, int counterOffset, CertificateSigner signer)
    {
        _prepared = prepared;
        _signature = signature;
        _counterOffset = counterOffset;
        _signer = signer;
        _cms = new PadesCmsBuilder(signer.Certificate, signer.Chain, signer.Scheme, signature.DigestAlgorithm);
    }

    public int Length => _prepared.Length;

    public static async Task<DistinctSignedPdfs> CreateAsync(BenchPki pki, int bytes, CancellationToken ct)
    {
        var pdf = BenchPdf.Create(bytes);
        var signer = new CertificateSigner(pki.Signer, [pki.RootCertificate]);
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        var options = new PdfSignatureOptions
        {
            Reason = "Ký duyệt",
            SignerName = signer.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false),
            ContentsCapacity = 4096 + signer.Certificate.RawData.Length + signer.Chain.Sum(c => c.RawData.Length),
        };
        var prepared = await PdfSigner.PrepareAsync(input, output, options, ct);
        return new DistinctSignedPdfs(output.ToArray(), prepared, ImagePixelsOffset(pdf), signer);
    }

    /// <summary>Writes the next distinct signed PDF into <paramref name="buffer"/> (of <see cref="Length"/> bytes).</summary>
    public async Task WriteNextAsync(byte[] buffer, CancellationToken ct)
    {
        _prepared.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(_counterOffset), Interlocked.Increment(ref s_counter));
        var range = _signature.ByteRange;
        using var hash = IncrementalHash.CreateHash(_signature.DigestAlgorithm);
        hash.AppendData(buffer, (int)range[0], (int)range[1]);
        hash.AppendData(buffer, (int)range[2], (int)range[3]);
        var attributes = _cms.CreateSignedAttributes(hash.GetHashAndReset());
        var value = await _signer.SignAsync(attributes, _signature.DigestAlgorithm, ct);
        var cms = await _cms.BuildAsync(attributes, value, timestampAuthority: null, ct);
        using var output = new MemoryStream(buffer, writable: true);
        await PdfSigner.EmbedAsync(output, _signature, cms.Encoded, ct);
    }

    /// <summary>A fresh buffer holding a distinct signed PDF.</summary>
    public async Task<byte[]> NextAsync(CancellationToken ct)
    {
        var buffer = new byte[Length];
        await WriteNextAsync(buffer, ct);
        return buffer;
    }

    /// <summary>Where the image's pseudo-random pixels start: 8 bytes there can change without changing the PDF's structure.</summary>
    private static int ImagePixelsOffset(byte[] pdf)
    {
        var image = pdf.AsSpan().IndexOf("/Subtype /Image"u8);
        var stream = image < 0 ? -1 : pdf.AsSpan(image).IndexOf("stream\n"u8);
        if (stream < 0)
        {
            throw new InvalidOperationException("The bench PDF has no image stream to vary.");
        }
        return image + stream + Encoding.ASCII.GetByteCount("stream\n");
    }
}
