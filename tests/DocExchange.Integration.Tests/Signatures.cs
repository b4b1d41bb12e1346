using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Validation;
using Google.Protobuf;

namespace DocExchange.Integration.Tests;

/// <summary>Signing calls and local signing/validation with the sample signing PKI (certs-sample/signing).</summary>
internal static class Signatures
{
    public static X509Certificate2 Load(string pfx) =>
        X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert("signing/" + pfx), TestServer.SamplePassword, X509KeyStorageFlags.EphemeralKeySet);

    /// <summary>Signs locally, as a clerk's tool would, with a sample certificate (for example the competent person's).</summary>
    public static async Task<byte[]> SignLocallyAsync(byte[] pdf, string pfx)
    {
        using var certificate = Load(pfx);
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        await PdfSigner.SignAsync(input, output, new CertificateSigner(certificate), new PdfSignatureOptions { Reason = "Ký duyệt" }, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Validates locally with the library, trusting only the sample signing root, with no CRL: what a recipient does offline.</summary>
    public static async Task<Signing.Validation.ValidationReport> ValidateLocallyAsync(byte[] pdf, bool withCrl = true)
    {
        using var stream = new MemoryStream(pdf, writable: false);
        return await PdfSignatureValidator.ValidateAsync(stream, new ValidationOptions
        {
            TrustAnchors = [X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("signing/root-ca.crt"))],
            Crls = withCrl ? [await File.ReadAllBytesAsync(RepositoryPaths.SampleCert("signing/root-ca.crl"))] : [],
            RevocationPolicy = RevocationPolicy.Require,
        }, CancellationToken.None);
    }

    public static async Task<(byte[] Pdf, SignResult Result)> SignAsync(CallInvoker client, byte[] pdf, SignOptions options, int chunkSize = 16 * 1024)
    {
        using var call = client.AsyncDuplexStreamingCall(Protocol.V1.Signing.Methods.Sign);
        await call.RequestStream.WriteAsync(new SignRequest { Options = options });
        for (var offset = 0; offset < pdf.Length; offset += chunkSize)
        {
            await call.RequestStream.WriteAsync(new SignRequest { PdfChunk = ByteString.CopyFrom(pdf, offset, Math.Min(chunkSize, pdf.Length - offset)) });
        }
        await call.RequestStream.CompleteAsync();
        var signed = new MemoryStream();
        SignResult? result = null;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var response = call.ResponseStream.Current;
            if (response.ResponseCase == SignResponse.ResponseOneofCase.PdfChunk)
            {
                Assert.Null(result);
                signed.Write(response.PdfChunk.Span);
            }
            else
            {
                result = response.Result;
            }
        }
        Assert.NotNull(result);
        return (signed.ToArray(), result);
    }

    public static async Task<Protocol.V1.ValidationReport> VerifyAsync(CallInvoker client, byte[] pdf, string? policyOrganId = null)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Signing.Methods.Verify);
        await call.RequestStream.WriteAsync(new VerifyRequest { Options = new VerifyOptions { PolicyOrganId = policyOrganId ?? string.Empty } });
        for (var offset = 0; offset < pdf.Length; offset += 16 * 1024)
        {
            await call.RequestStream.WriteAsync(new VerifyRequest { PdfChunk = ByteString.CopyFrom(pdf, offset, Math.Min(16 * 1024, pdf.Length - offset)) });
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>The quickstart's official document: signed by G22's competent person, then sealed by the server as G22.</summary>
    public static async Task<byte[]> OfficialDocumentOfG22Async(TestServer server, string text)
    {
        var personal = await SignLocallyAsync(SamplePdf.Create(text), "signer-G22.pfx");
        var (sealedPdf, _) = await SignAsync(server.Agency(TestServer.G22), personal, new SignOptions { Level = SignatureLevel.BT });
        return sealedPdf;
    }
}
