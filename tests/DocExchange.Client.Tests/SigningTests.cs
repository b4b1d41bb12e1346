using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>SealAsync and VerifyAsync against the real server's Signing service (the sample seal keystore and TSA).</summary>
public sealed class SigningTests : ServerTest
{
    private protected override string[] ServerArguments => LoopbackServer.SigningArguments;

    /// <summary>What a clerk's tool does first: the competent person of G22 signs locally with the signing library.</summary>
    private static async Task<byte[]> SignedByPersonOfG22Async(string text)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            RepositoryPaths.SampleCert("signing/signer-G22.pfx"), LoopbackServer.SamplePassword, X509KeyStorageFlags.EphemeralKeySet);
        using var input = new MemoryStream(TestContent.Pdf(text), writable: false);
        using var output = new MemoryStream();
        await PdfSigner.SignAsync(input, output, new CertificateSigner(certificate), new PdfSignatureOptions { Reason = "Ký duyệt" }, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task Seal_adds_the_callers_agency_seal_after_the_personal_signature_and_the_server_finds_the_official_document_policy_satisfied()
    {
        var signed = await SignedByPersonOfG22Async("Cong van 1");
        var client = Server.Agency(LoopbackServer.G22);
        using var sealedPdf = new MemoryStream();

        var result = await client.SealAsync(new MemoryStream(signed), sealedPdf, new SealOptions { Reason = "Ban hành" }, cancellationToken: Timeout);

        Assert.Equal(SignatureLevel.BT, result.Level);
        Assert.NotNull(result.TimestampTime);
        Assert.Equal(sealedPdf.Length, result.Size);
        Assert.Equal(SHA256.HashData(sealedPdf.ToArray()), result.Sha256.ToByteArray());
        Assert.Equal(signed, sealedPdf.ToArray()[..signed.Length]);

        sealedPdf.Position = 0;
        var report = await client.VerifyAsync(sealedPdf, LoopbackServer.G22, Timeout);
        Assert.Equal(2, report.Signatures.Count);
        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
        Assert.Equal(SignatureKind.Personal, report.Signatures[0].Kind);
        Assert.Equal(SignatureKind.Agency, report.Signatures[1].Kind);
        Assert.Equal(LoopbackServer.G22, report.Signatures[1].Signer.OrganId);
        Assert.True(report.Policy.Satisfied, string.Join("; ", report.Policy.Reasons));
    }

    [Fact]
    public async Task Seal_streams_a_non_seekable_input_in_chunks_and_reports_upload_then_download_progress()
    {
        var pdf = TestContent.Pdf("Cong van 2");
        var client = Server.Agency(LoopbackServer.H41, o => o.ChunkSize = 1024);
        var input = new NonSeekableStream(pdf);
        using var sealedPdf = new MemoryStream();
        var reports = new List<SealProgress>();

        var result = await client.SealAsync(input, sealedPdf, new SealOptions { Level = SignatureLevel.BB }, new SynchronousProgress<SealProgress>(reports.Add), Timeout);

        Assert.Equal(SignatureLevel.BB, result.Level);
        Assert.Null(result.TimestampTime);
        var uploads = reports.Where(r => r.Stage == SealStage.Uploading).ToList();
        Assert.True(uploads.Count >= pdf.Length / 1024, $"{uploads.Count} upload reports for {pdf.Length} bytes in 1 KiB chunks");
        Assert.Equal(pdf.Length, uploads[^1].BytesTransferred);
        Assert.Null(uploads[^1].TotalBytes);
        Assert.Equal(sealedPdf.Length, reports.Last(r => r.Stage == SealStage.Downloading).BytesTransferred);
        Assert.True(reports.FindIndex(r => r.Stage == SealStage.Downloading) > reports.FindLastIndex(r => r.Stage == SealStage.Uploading));
    }

    [Fact]
    public async Task Seal_with_a_visible_appearance_on_the_last_page_is_valid()
    {
        var client = Server.Agency(LoopbackServer.G22);
        using var sealedPdf = new MemoryStream();

        await client.SealAsync(new MemoryStream(TestContent.Pdf("Cong van 3")), sealedPdf,
            new SealOptions { Level = SignatureLevel.BB, Appearance = new VisibleSignature(0, 360, 60, 180, 60) }, cancellationToken: Timeout);

        sealedPdf.Position = 0;
        var report = await client.VerifyAsync(sealedPdf, cancellationToken: Timeout);
        var seal = Assert.Single(report.Signatures);
        Assert.Equal(Indication.TotalPassed, seal.Indication);
        Assert.Equal(SignatureKind.Agency, seal.Kind);
    }

    [Fact]
    public async Task Extend_only_raises_a_locally_signed_pdf_to_B_T_with_a_document_timestamp_without_adding_a_signature()
    {
        var signed = await SignedByPersonOfG22Async("Cong van 4");
        var client = Server.Agency(LoopbackServer.G22);
        using var extended = new MemoryStream();

        var result = await client.SealAsync(new MemoryStream(signed), extended, new SealOptions { Level = SignatureLevel.BT, ExtendOnly = true }, cancellationToken: Timeout);

        Assert.NotNull(result.TimestampTime);
        extended.Position = 0;
        var report = await client.VerifyAsync(extended, cancellationToken: Timeout);
        Assert.DoesNotContain(report.Signatures, s => s.Kind == SignatureKind.Agency);
        Assert.Contains(report.Signatures, s => s.Kind == SignatureKind.DocumentTimestamp && s.Indication == Indication.TotalPassed);
        var personal = Assert.Single(report.Signatures, s => s.Kind == SignatureKind.Personal);
        Assert.Equal(Indication.TotalPassed, personal.Indication);
    }

    [Fact]
    public async Task Verify_reports_hash_failure_for_a_pdf_changed_inside_its_signed_bytes()
    {
        var signed = await SignedByPersonOfG22Async("Cong van 5");
        int at = Array.IndexOf(signed, (byte)'5', 100);
        signed[at] = (byte)'6';

        var report = await Server.Agency(LoopbackServer.G22).VerifyAsync(new MemoryStream(signed), cancellationToken: Timeout);

        var signature = Assert.Single(report.Signatures);
        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndication.HashFailure, signature.SubIndication);
    }

    [Fact]
    public async Task Seal_of_a_file_that_is_not_a_pdf_is_refused_with_invalid_argument()
    {
        using var output = new MemoryStream();

        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Agency(LoopbackServer.G22).SealAsync(new MemoryStream("not a pdf at all"u8.ToArray()), output, cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("PDF", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seal_options_that_cannot_work_are_refused_before_any_connection()
    {
        var client = new DocExchangeClient(new DocExchangeClientOptions { Address = new Uri("https://127.0.0.1:1") });
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentException>(() => client.SealAsync(new MemoryStream(TestContent.Pdf("x")), output, new SealOptions { ExtendOnly = true, Level = SignatureLevel.BB }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SealAsync(new MemoryStream(TestContent.Pdf("x")), output, new SealOptions { Appearance = new VisibleSignature(1, 0, 0, 0, 10) }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SealAsync(new MemoryStream(), output));
        await Assert.ThrowsAsync<ArgumentException>(() => client.VerifyAsync(new MemoryStream(TestContent.Pdf("x")), "G22"));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
