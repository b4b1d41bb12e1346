using Grpc.Core;
using Grpc.Health.V1;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A certificate from the deployment's client CA for an agency the registry does not know proves who the caller is,
/// but an agency exists for the exchange only once an operator registered it: until then it may use nothing an agency
/// or any authenticated caller may (only what is open to everyone: health and reflection), and every refusal is audited.
/// </summary>
public sealed class UnregisteredAgencyTests : IAsyncLifetime
{
    private const string Unregistered = "000.00.00.H99";

    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(_pki.ServerArgs);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task Listings_agency_reads_and_verification_are_refused_naming_the_missing_registration_and_each_refusal_is_recorded_as_call_denied()
    {
        var caller = _server.WithCertificate(_pki.Agency(Unregistered));
        var refusals = new Dictionary<string, RpcException>(StringComparer.Ordinal)
        {
            [Protocol.V1.Exchange.Methods.ListSent.FullName] = await Assert.ThrowsAsync<RpcException>(() => caller.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest())),
            [Protocol.V1.Exchange.Methods.ListReceived.FullName] = await Assert.ThrowsAsync<RpcException>(() => caller.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest())),
            [Protocol.V1.Registry.Methods.GetAgency.FullName] = await Assert.ThrowsAsync<RpcException>(() => caller.UnaryAsync(Protocol.V1.Registry.Methods.GetAgency, new GetAgencyRequest { Code = TestServer.G22 })),
            [Protocol.V1.Signing.Methods.Verify.FullName] = await Assert.ThrowsAsync<RpcException>(() => Signatures.VerifyAsync(caller, SamplePdf.Create("Kiem tra"))),
        };

        foreach (var (method, error) in refusals)
        {
            Assert.True(error.StatusCode == GrpcStatusCode.PermissionDenied, $"{method}: {error.Status}");
            Assert.Contains($"agency {Unregistered} is not registered: ask an operator to register it", error.Status.Detail, StringComparison.Ordinal);
        }

        var recorded = await DeniedEventsAsync(Unregistered);
        Assert.Equal(refusals.Keys.Order(StringComparer.Ordinal), recorded.Select(e => MethodOf(e.Detail)).Order(StringComparer.Ordinal));
        Assert.All(recorded, e =>
        {
            Assert.Equal((Unregistered, "agency"), (e.Actor.OrganId, e.Actor.Role));
            Assert.Contains("status=PermissionDenied", e.Detail, StringComparison.Ordinal);
            Assert.Equal(32, e.Actor.CertificateSha256.Length);
        });
    }

    [Fact]
    public async Task Health_checks_stay_open_to_it_as_to_everyone()
    {
        var caller = _server.WithCertificate(_pki.Agency(Unregistered));

        var health = await caller.UnaryAsync(HealthMethods.Check, new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Once_an_operator_registers_it_the_same_connection_is_served_on_its_next_call()
    {
        var caller = _server.WithCertificate(_pki.Agency(Unregistered));
        await Assert.ThrowsAsync<RpcException>(() => caller.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));

        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = Unregistered, Name = "Sở Thử nghiệm" });

        Assert.Empty((await caller.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest())).Documents);
    }

    private static string MethodOf(string detail) =>
        detail.Split(';').Single(item => item.StartsWith("method=", StringComparison.Ordinal))["method=".Length..];

    private async Task<List<AuditEvent>> DeniedEventsAsync(string organId)
    {
        using var query = _server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { "call.denied" }, OrganId = organId });
        var events = new List<AuditEvent>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(query.ResponseStream.Current.Event);
        }

        return events;
    }
}
