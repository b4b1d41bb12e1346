using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;
using Domain = DocExchange.Signing.Validation;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>docexchange.v1.Signing over real Kestrel and mutual TLS, with the sample seal keystore and TSA.</summary>
public sealed class SigningServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_as_G22_returns_the_PDF_with_a_new_timestamped_seal_that_validates_and_binds_G22()
    {
        var pdf = SamplePdf.Create("Quyet dinh so 12");

        var (signed, result) = await Signatures.SignAsync(_server.Agency(TestServer.G22), pdf, new SignOptions { Level = SignatureLevel.BT, Reason = "Đóng dấu" }, chunkSize: 100);

        Assert.Equal(pdf, signed.AsSpan(0, pdf.Length).ToArray());
        Assert.Equal(signed.Length, result.Size);
        Assert.Equal(SHA256.HashData(signed), result.Sha256.ToByteArray());
        Assert.Equal(SignatureLevel.BT, result.Level);
        Assert.NotNull(result.TimestampTime);
        var report = await Signatures.ValidateLocallyAsync(signed);
        var seal = Assert.Single(report.Signatures);
        Assert.True(seal.Indication == Domain.Indication.TotalPassed, string.Join("; ", seal.Errors));
        Assert.Equal(Domain.SignatureKind.Agency, seal.Kind);
        Assert.Equal(TestServer.G22, seal.Signer!.AgencyCode);
        Assert.Equal(result.FieldName, seal.FieldName);
        Assert.Equal(PadesLevel.BaselineT, seal.Level);
    }

    [Fact]
    public async Task Sign_at_B_LTA_returns_a_seal_that_validates_offline_without_CRLs_at_level_B_LTA()
    {
        var (signed, result) = await Signatures.SignAsync(_server.Agency(TestServer.G22), SamplePdf.Create("LTA"), new SignOptions { Level = SignatureLevel.BLta });

        Assert.Equal(SignatureLevel.BLta, result.Level);
        var report = await Signatures.ValidateLocallyAsync(signed, withCrl: false);
        var seal = report.Signatures.Single(s => s.Kind == Domain.SignatureKind.Agency);
        Assert.True(seal.Indication == Domain.Indication.TotalPassed, string.Join("; ", seal.Errors));
        Assert.Equal(PadesLevel.BaselineLTA, seal.Level);
        Assert.Contains(report.Signatures, s => s.Kind == Domain.SignatureKind.DocumentTimestamp && s.Indication == Domain.Indication.TotalPassed);
    }

    [Fact]
    public async Task Sign_with_a_visible_appearance_adds_a_widget_with_that_rectangle()
    {
        var appearance = new SignatureAppearance { Visible = true, Page = 1, X = 300, Y = 100, Width = 180, Height = 60 };

        var (signed, _) = await Signatures.SignAsync(_server.Agency(TestServer.G22), SamplePdf.Create("Visible"), new SignOptions { Level = SignatureLevel.BB, Appearance = appearance });

        var text = System.Text.Encoding.Latin1.GetString(signed);
        Assert.Contains("/Rect [300 100 480 160]", text);
        Assert.True((await Signatures.ValidateLocallyAsync(signed)).Signatures.Single().IsAcceptable);
    }

    [Fact]
    public async Task Extend_only_raises_an_existing_personal_signature_to_B_LT_without_adding_a_seal()
    {
        var personal = await Signatures.SignLocallyAsync(SamplePdf.Create("Extend"), "signer-H41.pfx");

        var (extended, result) = await Signatures.SignAsync(_server.Agency(TestServer.H41), personal, new SignOptions { Level = SignatureLevel.BLt, ExtendOnly = true });

        Assert.Equal(SignatureLevel.BLt, result.Level);
        var report = await Signatures.ValidateLocallyAsync(extended, withCrl: false);
        var signature = report.Signatures.Single(s => s.Kind != Domain.SignatureKind.DocumentTimestamp);
        Assert.Equal(Domain.SignatureKind.Personal, signature.Kind);
        Assert.Equal(PadesLevel.BaselineLT, signature.Level);
        Assert.DoesNotContain(report.Signatures, s => s.Kind == Domain.SignatureKind.Agency);
    }

    [Fact]
    public async Task H41_cannot_seal_as_G22_the_seal_is_always_the_callers_own_whatever_the_options_say()
    {
        var options = new SignOptions { Level = SignatureLevel.BB, FieldName = TestServer.G22, Reason = TestServer.G22, Location = TestServer.G22 };

        var (signed, _) = await Signatures.SignAsync(_server.Agency(TestServer.H41), SamplePdf.Create("H41"), options);

        var seal = (await Signatures.ValidateLocallyAsync(signed)).Signatures.Single();
        Assert.Equal(TestServer.H41, seal.Signer!.AgencyCode);
        // Sealed by H41, the document is no official document of G22.
        var asG22 = await Signatures.VerifyAsync(_server.Agency(TestServer.G22), await Signatures.SignLocallyAsync(signed, "signer-G22.pfx"), TestServer.G22);
        Assert.False(asG22.Policy.Satisfied);
        Assert.Contains(asG22.Policy.Reasons, r => r.Contains("not that of the sending agency 000.00.00.G22", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_agency_whose_seal_key_the_server_does_not_hold_gets_failed_precondition()
    {
        // The development endpoint lets a caller name an agency the sample PKI has no seal for.
        await using var server = await TestServer.StartAsync();
        await server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" });
        var headers = new Metadata { { "x-docexchange-dev-caller", "agency:000.00.00.H30" } };

        using var call = server.Plaintext().AsyncDuplexStreamingCall(Protocol.V1.Signing.Methods.Sign, new(headers: headers));
        await call.RequestStream.WriteAsync(new SignRequest { Options = new SignOptions { Level = SignatureLevel.BB } });
        await call.RequestStream.WriteAsync(new SignRequest { PdfChunk = Google.Protobuf.ByteString.CopyFrom(SamplePdf.Create("x")) });
        await call.RequestStream.CompleteAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(GrpcStatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("no seal key for agency 000.00.00.H30", refused.Status.Detail);
    }

    [Fact]
    public async Task Sign_on_a_page_the_document_does_not_have_is_invalid_argument_without_dotnet_parameter_names()
    {
        var appearance = new SignatureAppearance { Visible = true, Page = 7, X = 300, Y = 100, Width = 180, Height = 60 };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Signatures.SignAsync(_server.Agency(TestServer.G22), SamplePdf.Create("One page"), new SignOptions { Level = SignatureLevel.BB, Appearance = appearance }));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Page 7 does not exist; the document has 1 page(s).", error.Status.Detail);
    }

    [Fact]
    public async Task Sign_into_a_field_that_is_already_signed_is_invalid_argument_without_dotnet_parameter_names()
    {
        var (signed, _) = await Signatures.SignAsync(_server.Agency(TestServer.G22), SamplePdf.CreateWithEmptySignatureField("Prepared", "LanhDao"),
            new SignOptions { Level = SignatureLevel.BB, FieldName = "LanhDao" });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Signatures.SignAsync(_server.Agency(TestServer.G22), signed, new SignOptions { Level = SignatureLevel.BB, FieldName = "LanhDao" }));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("The signature field 'LanhDao' is already signed", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("options", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_refuses_a_file_that_is_not_a_PDF_with_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Signatures.SignAsync(_server.Agency(TestServer.G22), "not a pdf at all"u8.ToArray(), new SignOptions { Level = SignatureLevel.BB }));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a PDF", error.Status.Detail);
    }

    [Fact]
    public async Task Verify_returns_the_report_of_a_person_and_seal_document_and_the_policy_for_the_named_agency()
    {
        var pdf = await Signatures.OfficialDocumentOfG22Async(_server, "Verify");

        var report = await Signatures.VerifyAsync(_server.Agency(TestServer.H41), pdf, TestServer.G22);

        Assert.Equal(2, report.Signatures.Count);
        Assert.Equal(SignatureKind.Personal, report.Signatures[0].Kind);
        Assert.Equal(SignatureKind.Agency, report.Signatures[1].Kind);
        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
        Assert.Equal(SubIndication.None, report.Signatures[1].SubIndication);
        Assert.Equal(TestServer.G22, report.Signatures[1].Signer.OrganId);
        Assert.Equal(SignatureLevel.BT, report.Signatures[1].Level);
        Assert.Equal(ModificationVerdict.Allowed, report.Signatures[0].ModificationVerdict);
        Assert.Equal(3, report.RevisionCount);
        Assert.Equal(SHA256.HashData(pdf), report.DocumentSha256.ToByteArray());
        Assert.True(report.Policy.Satisfied, string.Join("; ", report.Policy.Reasons));
        Assert.Equal("nd30-2020-art5/required", report.Policy.Policy);

        var forH41 = await Signatures.VerifyAsync(_server.Agency(TestServer.H41), pdf, TestServer.H41);
        Assert.False(forH41.Policy.Satisfied);
        var noPolicy = await Signatures.VerifyAsync(_server.Agency(TestServer.H41), pdf);
        Assert.Null(noPolicy.Policy);
    }

    [Fact]
    public async Task Verify_reports_a_revoked_signer_as_failed()
    {
        var pdf = await Signatures.SignLocallyAsync(SamplePdf.Create("Revoked"), "revoked-signer-G22.pfx");

        var report = await Signatures.VerifyAsync(_server.Agency(TestServer.G22), pdf);

        var signature = Assert.Single(report.Signatures);
        Assert.NotEqual(Indication.TotalPassed, signature.Indication);
        Assert.Equal(SubIndication.RevokedNoPoe, signature.SubIndication);
    }

    [Fact]
    public async Task The_signing_service_reports_serving()
    {
        var health = await _server.As(null).UnaryAsync(HealthMethods.Check, new Grpc.Health.V1.HealthCheckRequest { Service = "docexchange.v1.Signing" });

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
