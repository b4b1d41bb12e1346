using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>Refusals for who the caller is, or claims to be, leave an event an auditor can read.</summary>
public sealed class AuditedRefusalTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync([.. _pki.ServerArgs, "--DocExchange:Abuse:AgencyStateCacheSeconds=0"]);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_send_claiming_another_agency_as_sender_is_refused_stores_nothing_and_is_recorded_as_call_impersonation()
    {
        var g22 = _server.Agency(TestServer.G22);
        var pdf = SamplePdf.Create("Mao danh");
        var header = Exchanges.Header("impersonation-1", TestServer.G22, pdf);
        header.Document.From = new Organization { OrganId = TestServer.H41 };

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(g22, header, pdf));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("can send only as itself", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await g22.UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest())).Documents);
        Assert.Empty((await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest())).Documents);
        var recorded = Assert.Single(await EventsAsync("call.impersonation"));
        Assert.Equal(TestServer.G22, recorded.Actor.OrganId);
        Assert.Equal("denied", recorded.Outcome);
        Assert.Contains(Protocol.V1.Exchange.Methods.Send.FullName, recorded.Detail, StringComparison.Ordinal);
        Assert.Contains("field=SendHeader.document.from.organ_id", recorded.Detail, StringComparison.Ordinal);
        Assert.Contains($"claimed={TestServer.H41}", recorded.Detail, StringComparison.Ordinal);
        Assert.Equal(32, recorded.Actor.CertificateSha256.Length);
    }

    [Fact]
    public async Task A_call_with_a_revoked_certificate_is_recorded_as_call_denied_with_unauthenticated()
    {
        var certificate = _pki.Agency(TestServer.G22);
        _pki.Revoke(certificate);

        await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(certificate).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        var recorded = Assert.Single(await EventsAsync("call.denied"));
        Assert.Equal(("", "unauthenticated"), (recorded.Actor.OrganId, recorded.Actor.Role));
        Assert.Contains("status=Unauthenticated", recorded.Detail, StringComparison.Ordinal);
        Assert.Contains($"claimed=agency:{TestServer.G22}", recorded.Detail, StringComparison.Ordinal);
        Assert.Equal(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256), recorded.Actor.CertificateSha256.ToByteArray());
    }

    [Fact]
    public async Task A_self_signed_certificate_claiming_an_agency_is_refused_and_recorded_as_unauthenticated_not_as_that_agency()
    {
        var impostor = TestPki.SelfSignedAgency(TestServer.H41);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(impostor).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        var recorded = Assert.Single(await EventsAsync("call.denied"));
        Assert.Equal(("", "unauthenticated"), (recorded.Actor.OrganId, recorded.Actor.Role));
        Assert.Contains($"claimed=agency:{TestServer.H41}", recorded.Detail, StringComparison.Ordinal);
        Assert.Contains(Protocol.V1.Exchange.Methods.ListReceived.FullName, recorded.Detail, StringComparison.Ordinal);
        Assert.Equal(impostor.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256), recorded.Actor.CertificateSha256.ToByteArray());
        // An auditor reading the agency's events does not see the attempt as the agency's.
        Assert.Empty(await EventsAsync("call.denied", organId: TestServer.H41));
    }

    [Fact]
    public async Task A_call_refused_for_a_proven_agency_is_found_among_that_agencys_events()
    {
        await Assert.ThrowsAsync<RpcException>(() => _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Registry.Methods.DeactivateAgency, new DeactivateAgencyRequest { Code = TestServer.G22 }));

        var recorded = Assert.Single(await EventsAsync("call.denied", organId: TestServer.H41));
        Assert.Equal((TestServer.H41, "agency"), (recorded.Actor.OrganId, recorded.Actor.Role));
        Assert.DoesNotContain("claimed=", recorded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_by_a_deactivated_agency_is_recorded_as_call_denied_with_failed_precondition()
    {
        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.DeactivateAgency, new DeactivateAgencyRequest { Code = TestServer.H41 });

        await Assert.ThrowsAsync<RpcException>(() => _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));

        var recorded = Assert.Single(await EventsAsync("call.denied"));
        Assert.Equal(TestServer.H41, recorded.Actor.OrganId);
        Assert.Contains("status=FailedPrecondition", recorded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_asking_for_another_recipients_statuses_is_refused_and_recorded_as_call_denied()
    {
        var pdf = SamplePdf.Create("Trang thai");
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("foreign-statuses-1", TestServer.H41, pdf), pdf);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory,
            new GetStatusHistoryRequest { DocumentId = sent.DocumentId, Recipient = TestServer.G22 }));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
        var recorded = Assert.Single(await EventsAsync("call.denied", organId: TestServer.H41));
        Assert.Contains($"method={Protocol.V1.Exchange.Methods.GetStatusHistory.FullName};", recorded.Detail, StringComparison.Ordinal);
        Assert.Contains("status=PermissionDenied", recorded.Detail, StringComparison.Ordinal);
    }

    private async Task<List<AuditEvent>> EventsAsync(string action, string organId = "")
    {
        using var query = _server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { action }, OrganId = organId });
        var events = new List<AuditEvent>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(query.ResponseStream.Current.Event);
        }

        return events;
    }
}
