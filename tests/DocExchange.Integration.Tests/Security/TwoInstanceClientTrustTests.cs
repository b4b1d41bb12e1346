using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pki;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Two instances on one PostgreSQL database: a trusted CA added, or a CRL published, through one instance reaches the
/// other's client certificate checks once its registry cache lifetime (1 s here) has passed, without a restart.
/// </summary>
public sealed class TwoInstanceClientTrustTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TestPki _pki = new();
    private readonly CertificateAuthority _ca = CertificateAuthority.CreateRoot(
        new X500DistinguishedName("CN=Van phong Chinh phu CA, O=DocExchange Tests, C=VN"), PkiKeyAlgorithm.EcdsaP256);
    private ServerDeployment _deployment = null!;
    private TestServer _changes = null!;
    private TestServer _other = null!;

    public async Task InitializeAsync()
    {
        _deployment = await ServerDeployment.PostgresAsync();
        _changes = await _deployment.StartInstanceAsync(_pki.ServerArgs);
        _other = await _deployment.StartInstanceAsync([.. _pki.ServerArgs, "--DocExchange:Abuse:AgencyStateCacheSeconds=1"]);
        await Exchanges.RegisterSampleAgenciesAsync(_changes);
    }

    public async Task DisposeAsync()
    {
        await _deployment.DisposeAsync();
        _ca.Dispose();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_CA_added_and_a_CRL_published_on_one_instance_apply_on_the_other_within_its_cache_lifetime()
    {
        var certificate = _pki.Agency(TestServer.G22, issuer: _ca);
        var agency = _other.WithCertificate(certificate);
        Assert.Equal(GrpcStatusCode.Unauthenticated, await StatusAsync(agency));

        await _changes.Operator().UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa,
            new AddTrustedCaRequest { Code = TestServer.G22, CertificateDer = ByteString.CopyFrom(_ca.Certificate.RawData) });
        Assert.Equal(GrpcStatusCode.OK, await EventuallyAsync(agency, GrpcStatusCode.OK));

        var crl = _ca.CreateCrl([new CertificateRevocation(certificate, DateTimeOffset.UtcNow.AddMinutes(-1))]);
        await _changes.Operator().UnaryAsync(Protocol.V1.Registry.Methods.PublishCrl, new PublishCrlRequest { Code = TestServer.G22, CrlDer = ByteString.CopyFrom(crl) });
        Assert.Equal(GrpcStatusCode.Unauthenticated, await EventuallyAsync(agency, GrpcStatusCode.Unauthenticated));
    }

    /// <summary>Calls until the status is <paramref name="wanted"/> or <see cref="Patience"/> has passed; the last status.</summary>
    private static async Task<GrpcStatusCode> EventuallyAsync(CallInvoker agency, GrpcStatusCode wanted)
    {
        var clock = Stopwatch.StartNew();
        GrpcStatusCode status;
        while ((status = await StatusAsync(agency)) != wanted && clock.Elapsed < Patience)
        {
            await Task.Delay(200);
        }

        return status;
    }

    private static async Task<GrpcStatusCode> StatusAsync(CallInvoker agency)
    {
        try
        {
            await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
            return GrpcStatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
