using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

public sealed class RegistryTests : ServerTest
{
    [Fact]
    public async Task An_operator_registers_reads_lists_updates_deactivates_and_reactivates_an_agency()
    {
        var registry = Server.Operator();

        var registered = await registry.RegisterAgencyAsync("000.00.18.G12", "Tổng cục Thuế", new Organization { Email = "vanthu@gdt.gov.vn" }, Timeout);
        await registry.RegisterAgencyAsync(new RegisterAgencyRequest { Code = "000.00.00.G12", Name = "Bộ Tài chính" }, Timeout);
        await registry.RegisterAgencyAsync("000.00.19.G12", "Tổng cục Hải quan", cancellationToken: Timeout);
        var read = await registry.GetAgencyAsync("000.00.18.G12", Timeout);
        var firstPage = await registry.ListChildrenAsync("000.00.00.G12", pageSize: 1, cancellationToken: Timeout);
        var children = new List<string>();
        await foreach (var child in registry.ListAllChildrenAsync("000.00.00.G12", cancellationToken: Timeout))
        {
            children.Add(child.Code);
        }

        var updated = await registry.UpdateAgencyAsync(new UpdateAgencyRequest { Code = "000.00.18.G12", Name = "Cục Thuế" }, Timeout);
        var deactivated = await registry.DeactivateAgencyAsync("000.00.18.G12", "Sáp nhập", Timeout);
        var activeChildren = await registry.ListChildrenAsync("000.00.00.G12", cancellationToken: Timeout);
        var reactivated = await registry.UpdateAgencyAsync(new UpdateAgencyRequest { Code = "000.00.18.G12", Reactivate = true }, Timeout);

        Assert.Equal("000.00.00.G12", registered.ParentCode);
        Assert.True(registered.Active);
        Assert.Equal("vanthu@gdt.gov.vn", read.Contact.Email);
        Assert.Single(firstPage.Agencies);
        Assert.NotEmpty(firstPage.NextPageToken);
        Assert.Equal(["000.00.18.G12", "000.00.19.G12"], children.Order());
        Assert.Equal("Cục Thuế", updated.Name);
        Assert.False(deactivated.Active);
        Assert.Equal(["000.00.19.G12"], activeChildren.Agencies.Select(a => a.Code));
        Assert.True(reactivated.Active);
    }

    [Fact]
    public async Task Registering_a_taken_code_is_refused_as_already_existing()
    {
        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Operator().RegisterAgencyAsync(LoopbackServer.G22, "Văn phòng Chính phủ", cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task An_agency_may_read_the_registry_but_not_change_it()
    {
        var agency = Server.Agency(LoopbackServer.H41);

        var read = await agency.GetAgencyAsync(LoopbackServer.G22, Timeout);
        var error = await Assert.ThrowsAsync<DocExchangeException>(() => agency.DeactivateAgencyAsync(LoopbackServer.G22, cancellationToken: Timeout));

        Assert.Equal("Văn phòng Chính phủ", read.Name);
        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task An_unregistered_agency_is_not_found()
    {
        var error = await Assert.ThrowsAsync<DocExchangeException>(() => Server.Operator().GetAgencyAsync("000.00.00.H30", Timeout));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Contains("000.00.00.H30", error.Detail);
    }

    [Fact]
    public async Task A_trusted_ca_is_added_and_a_crl_that_is_not_one_is_refused_as_invalid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Agency CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var registry = Server.Operator();

        var agency = await registry.AddTrustedCaAsync(LoopbackServer.H41, ca, Timeout);
        var crl = await Assert.ThrowsAsync<DocExchangeException>(() => registry.PublishCrlAsync(LoopbackServer.H41, new byte[] { 0x30, 0x00 }, Timeout));

        Assert.Equal(ca.RawData, Assert.Single(agency.TrustedCas).Der.ToByteArray());
        Assert.Equal(GrpcStatusCode.InvalidArgument, crl.StatusCode);
    }
}
