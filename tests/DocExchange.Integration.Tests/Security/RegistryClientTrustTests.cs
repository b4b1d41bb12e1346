using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pki;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Client certificates judged against the registry over real mutual TLS: the CAs it trusts for each agency, the CRLs
/// published for them, and pinned thumbprints. The registry cache keeps its default lifetime (5 s), so "on the next
/// call" means the change made through this instance dropped what the cache held.
/// </summary>
public sealed class RegistryClientTrustTests : IAsyncLifetime
{
    private const string H30 = "000.00.00.H30";

    private readonly TestPki _pki = new();
    private readonly CertificateAuthority _g22Ca = NewCa("CN=Van phong Chinh phu CA, O=DocExchange Tests, C=VN");
    private readonly CertificateAuthority _h41Ca = NewCa("CN=Nghe An CA, O=DocExchange Tests, C=VN");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(_pki.ServerArgs);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _g22Ca.Dispose();
        _h41Ca.Dispose();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_certificate_from_a_CA_registered_only_for_another_agency_is_refused_without_naming_that_agency()
    {
        await Exchanges.AddTrustedCaAsync(_server, TestServer.G22, _g22Ca);
        await Exchanges.AddTrustedCaAsync(_server, TestServer.H41, _h41Ca);
        var crossed = _server.WithCertificate(_pki.Agency(TestServer.G22, issuer: _h41Ca));

        var error = await Assert.ThrowsAsync<RpcException>(() => crossed.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"does not chain to a CA trusted for agency {TestServer.G22}", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(TestServer.H41, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Nghe An", error.Status.Detail, StringComparison.Ordinal);
        var recorded = Assert.Single(await DeniedEventsAsync());
        Assert.Contains("status=Unauthenticated", recorded.Detail, StringComparison.Ordinal);
        Assert.Equal(("", "unauthenticated"), (recorded.Actor.OrganId, recorded.Actor.Role));
        Assert.Contains($"claimed=agency:{TestServer.G22}", recorded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_a_CA_added_for_its_agency_is_accepted_on_the_next_call_of_the_same_connection()
    {
        var agency = _server.WithCertificate(_pki.Agency(TestServer.G22, issuer: _g22Ca));
        var before = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        await Exchanges.AddTrustedCaAsync(_server, TestServer.G22, _g22Ca);

        Assert.Equal(GrpcStatusCode.Unauthenticated, before.StatusCode);
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task Once_an_agency_has_a_registered_CA_the_deployment_client_CA_no_longer_vouches_for_it()
    {
        var bootstrap = _server.WithCertificate(_pki.Agency(TestServer.G22));
        await bootstrap.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());

        await Exchanges.AddTrustedCaAsync(_server, TestServer.G22, _g22Ca);
        var error = await Assert.ThrowsAsync<RpcException>(() => bootstrap.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        await _server.WithCertificate(_pki.Agency(TestServer.H41)).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task A_CRL_published_through_the_registry_refuses_the_certificate_it_revokes_on_its_next_call()
    {
        await Exchanges.AddTrustedCaAsync(_server, TestServer.G22, _g22Ca);
        var revoked = _pki.Agency(TestServer.G22, issuer: _g22Ca);
        var kept = _pki.Agency(TestServer.G22, issuer: _g22Ca);
        var agency = _server.WithCertificate(revoked);
        var other = _server.WithCertificate(kept);
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
        await other.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());

        var crl = _g22Ca.CreateCrl([new CertificateRevocation(revoked, DateTimeOffset.UtcNow.AddMinutes(-1))]);
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl, new PublishCrlRequest { Code = TestServer.G22, CrlDer = ByteString.CopyFrom(crl) });
        var error = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(revoked.SerialNumber, error.Status.Detail, StringComparison.Ordinal);
        await other.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task A_certificate_without_the_SAN_URI_whose_thumbprint_an_agency_pinned_identifies_that_agency()
    {
        using var ca = NewCa("CN=Hau Giang CA, O=DocExchange Tests, C=VN");
        var certificate = _pki.WithoutSan("Van thu Hau Giang", ca);
        var request = new RegisterAgencyRequest { Code = H30, Name = "UBND tỉnh Hậu Giang" };
        request.TrustedCaDer.Add(ByteString.CopyFrom(ca.Certificate.RawData));
        request.PinnedThumbprints.Add(ByteString.CopyFrom(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)));
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, request);

        // Which agency the caller is shows in the NOT_FOUND of a document it cannot see.
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(certificate).UnaryAsync(
            Protocol.V1.Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = $"{TestServer.G22},2025/01/02,1/VPCP" }));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Contains($"agency {H30} sent or received", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_without_the_SAN_URI_that_no_agency_pinned_is_refused_saying_what_would_identify_it()
    {
        var certificate = _pki.WithoutSan("Nobody in particular");

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(certificate).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("identifies nobody", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("urn:docexchange:agency:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("pin", error.Status.Detail, StringComparison.Ordinal);
    }

    private static CertificateAuthority NewCa(string subject) => CertificateAuthority.CreateRoot(new X500DistinguishedName(subject), PkiKeyAlgorithm.EcdsaP256);


    private async Task<List<AuditEvent>> DeniedEventsAsync()
    {
        using var query = _server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { "call.denied" } });
        var events = new List<AuditEvent>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(query.ResponseStream.Current.Event);
        }

        return events;
    }
}
