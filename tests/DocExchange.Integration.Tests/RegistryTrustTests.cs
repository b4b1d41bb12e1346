using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pki;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>Per-agency trusted CAs, pinned thumbprints and CRLs through the Registry service over real Kestrel.</summary>
public sealed class RegistryTrustTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static CertificateAuthority NewCa(string subject) =>
        CertificateAuthority.CreateRoot(new X500DistinguishedName(subject), PkiKeyAlgorithm.EcdsaP256);

    [Fact]
    public async Task An_operator_adds_CAs_publishes_a_CRL_and_GetAgency_shows_them()
    {
        var operatorCalls = _server.Operator();
        using var sampleRoot = X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("root-ca.crt"));
        using var agencyCa = NewCa("CN=Nghe An Agency CA, O=UBND tinh Nghe An, C=VN");
        using var clerk = agencyCa.Issue(CertificateProfile.AgencyClient, new CertificateSpec(new X500DistinguishedName("CN=Van thu, O=UBND tinh Nghe An"))
        {
            AgencyCode = TestServer.H41,
        });
        var crlDer = agencyCa.CreateCrl([new CertificateRevocation(clerk, DateTimeOffset.UtcNow.AddMinutes(-10))]);

        await operatorCalls.UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa, new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = ByteString.CopyFrom(sampleRoot.RawData) });
        await operatorCalls.UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa, new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = ByteString.CopyFrom(agencyCa.Certificate.RawData) });
        var published = await operatorCalls.UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl, new PublishCrlRequest { Code = TestServer.H41, CrlDer = ByteString.CopyFrom(crlDer) });
        var agency = await operatorCalls.UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = TestServer.H41 });

        Assert.Equal([sampleRoot.RawData, agencyCa.Certificate.RawData], agency.TrustedCas.Select(ca => ca.Der.ToByteArray()).ToList());
        var added = agency.TrustedCas[1];
        Assert.Equal(SHA256.HashData(agencyCa.Certificate.RawData), added.Sha256.ToByteArray());
        Assert.Equal(agencyCa.Certificate.Subject, added.Subject);
        Assert.Equal(new DateTimeOffset(agencyCa.Certificate.NotAfter.ToUniversalTime()), added.NotAfter.ToDateTimeOffset());
        Assert.Equal(sampleRoot.Subject, agency.TrustedCas[0].Subject);
        Assert.Equal(agencyCa.Certificate.Subject, published.Issuer);
        Assert.Equal(1, published.RevokedCount);
        Assert.True(published.NextUpdate.ToDateTimeOffset() > published.ThisUpdate.ToDateTimeOffset());
    }

    [Fact]
    public async Task Registering_with_a_CA_and_a_pinned_thumbprint_returns_them()
    {
        using var ca = NewCa("CN=Hau Giang CA");
        using var pinned = X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("agency-H41.crt"));
        var pin = SHA256.HashData(pinned.RawData);
        var request = new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" };
        request.TrustedCaDer.Add(ByteString.CopyFrom(ca.Certificate.RawData));
        request.PinnedThumbprints.Add(ByteString.CopyFrom(pin));

        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, request);
        var agency = await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = "000.00.00.H30" });

        Assert.Equal(ca.Certificate.RawData, Assert.Single(agency.TrustedCas).Der.ToByteArray());
        Assert.Equal(pin, Assert.Single(agency.PinnedThumbprints).ToByteArray());
    }

    [Fact]
    public async Task A_CRL_from_an_untrusted_issuer_is_a_failed_precondition_naming_it()
    {
        using var trusted = NewCa("CN=Nghe An Agency CA");
        using var rogue = NewCa("CN=Rogue CA");
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa, new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = ByteString.CopyFrom(trusted.Certificate.RawData) });

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl,
            new PublishCrlRequest { Code = TestServer.H41, CrlDer = ByteString.CopyFrom(rogue.CreateCrl([])) }));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("CN=Rogue CA", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CRL_naming_a_trusted_CA_but_signed_by_another_key_is_an_invalid_argument()
    {
        using var trusted = NewCa("CN=Nghe An Agency CA");
        using var impostor = NewCa("CN=Nghe An Agency CA");
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa, new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = ByteString.CopyFrom(trusted.Certificate.RawData) });

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl,
            new PublishCrlRequest { Code = TestServer.H41, CrlDer = ByteString.CopyFrom(impostor.CreateCrl([])) }));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("signature", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_certificates_and_CRLs_are_invalid_arguments()
    {
        var garbage = ByteString.CopyFrom([0x30, 0x03, 0x02, 0x01, 0x05]);

        var ca = await Assert.ThrowsAsync<RpcException>(() => _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa,
            new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = garbage }));
        var crl = await Assert.ThrowsAsync<RpcException>(() => _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl,
            new PublishCrlRequest { Code = TestServer.H41, CrlDer = garbage }));

        Assert.Equal((GrpcStatusCode.InvalidArgument, GrpcStatusCode.InvalidArgument), (ca.StatusCode, crl.StatusCode));
    }

    [Fact]
    public async Task An_agency_may_neither_add_a_CA_nor_publish_a_CRL()
    {
        using var ca = NewCa("CN=Self-declared CA");
        var agency = _server.Agency(TestServer.H41);

        var add = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa,
            new AddTrustedCaRequest { Code = TestServer.H41, CertificateDer = ByteString.CopyFrom(ca.Certificate.RawData) }));
        var publish = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl,
            new PublishCrlRequest { Code = TestServer.H41, CrlDer = ByteString.CopyFrom(ca.CreateCrl([])) }));

        Assert.Equal((GrpcStatusCode.PermissionDenied, GrpcStatusCode.PermissionDenied), (add.StatusCode, publish.StatusCode));
        Assert.Empty((await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = TestServer.H41 })).TrustedCas);
    }
}
