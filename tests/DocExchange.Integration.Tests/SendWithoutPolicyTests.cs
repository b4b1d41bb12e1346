using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>With the default policy (Off), unsigned PDFs are accepted, yet every send still gets a validation report.</summary>
public sealed class SendWithoutPolicyTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_unsigned_PDF_is_accepted_with_a_report_of_no_signatures_and_no_policy()
    {
        var pdf = SamplePdf.Create("Unsigned");

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("off-1", TestServer.H41, pdf), pdf);

        Assert.NotNull(sent.Validation);
        Assert.Empty(sent.Validation.Signatures);
        Assert.Null(sent.Validation.Policy);
        Assert.Equal(1, sent.Validation.RevisionCount);
    }

    [Fact]
    public async Task A_signed_PDF_gets_its_signatures_reported_even_with_the_policy_off()
    {
        var pdf = await Signatures.SignLocallyAsync(SamplePdf.Create("Signed"), "signer-G22.pfx");

        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("off-2", TestServer.H41, pdf), pdf);

        var signature = Assert.Single(sent.Validation.Signatures);
        Assert.Equal(Indication.TotalPassed, signature.Indication);
        Assert.Equal(SignatureKind.Personal, signature.Kind);
    }

    [Fact]
    public async Task A_main_part_that_is_not_a_PDF_is_refused_with_invalid_argument_even_with_the_policy_off()
    {
        var notPdf = "%PDF-1.7 but nothing else"u8.ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("off-3", TestServer.H41, notPdf), notPdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
    }
}
