using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pki;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// The realistic Vietnamese PKI over real mutual TLS: a national root over one intermediate CA per agency, with the
/// registry trusting an agency's intermediate only (trusting the root would trust every agency's certificates).
/// </summary>
public sealed class RegistryIntermediateCaTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly CertificateAuthority _nationalRoot = CertificateAuthority.CreateRoot(
        new X500DistinguishedName("CN=Root CA Chinh phu (test), O=DocExchange Tests, C=VN"), PkiKeyAlgorithm.EcdsaP256);
    private readonly CertificateAuthority _g22Ca;
    private readonly CertificateAuthority _h41Ca;
    private TestServer _server = null!;

    public RegistryIntermediateCaTests()
    {
        _g22Ca = _nationalRoot.CreateSubordinate(new CertificateSpec(new X500DistinguishedName("CN=Van phong Chinh phu CA, O=DocExchange Tests, C=VN")));
        _h41Ca = _nationalRoot.CreateSubordinate(new CertificateSpec(new X500DistinguishedName("CN=Nghe An CA, O=DocExchange Tests, C=VN")));
    }

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(_pki.ServerArgs);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
        await Exchanges.AddTrustedCaAsync(_server, TestServer.G22, _g22Ca);
        await Exchanges.AddTrustedCaAsync(_server, TestServer.H41, _h41Ca);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _g22Ca.Dispose();
        _h41Ca.Dispose();
        _nationalRoot.Dispose();
        _pki.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_from_the_intermediate_CA_registered_alone_for_its_agency_identifies_that_agency(bool sendsIntermediate)
    {
        var agency = Connect(_pki.Agency(TestServer.G22, issuer: _g22Ca), sendsIntermediate ? _g22Ca : null);

        // Which agency the caller is shows in the NOT_FOUND of a document it cannot see.
        var error = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(
            Protocol.V1.Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = $"{TestServer.H41},2025/01/02,1/UBND" }));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Contains($"agency {TestServer.G22} sent or received", error.Status.Detail, StringComparison.Ordinal);
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_from_another_intermediate_under_the_same_root_is_refused_for_the_agency(bool sendsIntermediate)
    {
        var crossed = Connect(_pki.Agency(TestServer.G22, issuer: _h41Ca), sendsIntermediate ? _h41Ca : null);

        var error = await Assert.ThrowsAsync<RpcException>(() => crossed.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"does not chain to a CA trusted for agency {TestServer.G22}", error.Status.Detail, StringComparison.Ordinal);
        await Connect(_pki.Agency(TestServer.H41, issuer: _h41Ca), sendsIntermediate ? _h41Ca : null)
            .UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task A_CRL_the_registered_intermediate_issued_and_the_registry_published_refuses_the_certificate_it_revokes()
    {
        var revoked = _pki.Agency(TestServer.G22, issuer: _g22Ca);
        var agency = Connect(revoked, _g22Ca);
        var other = Connect(_pki.Agency(TestServer.G22, issuer: _g22Ca), null);
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());

        var crl = _g22Ca.CreateCrl([new CertificateRevocation(revoked, DateTimeOffset.UtcNow.AddMinutes(-1))]);
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl, new PublishCrlRequest { Code = TestServer.G22, CrlDer = ByteString.CopyFrom(crl) });
        var error = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(revoked.SerialNumber, error.Status.Detail, StringComparison.Ordinal);
        await other.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    /// <summary>A channel presenting <paramref name="certificate"/>, followed in its TLS chain by <paramref name="intermediate"/> when given.</summary>
    private CallInvoker Connect(X509Certificate2 certificate, CertificateAuthority? intermediate)
    {
        if (intermediate is null)
        {
            return _server.WithCertificate(certificate);
        }

        var context = SslStreamCertificateContext.Create(certificate, [X509CertificateLoader.LoadCertificate(intermediate.Certificate.RawData)], offline: true);
        // The chain sent is the leaf and what the context holds as intermediates: make sure the CA is among them.
        Assert.Contains(context.IntermediateCertificates, c => c.RawData.AsSpan().SequenceEqual(intermediate.Certificate.RawData));
        return _server.WithCertificateChain(context);
    }
}
