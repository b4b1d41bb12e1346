using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;
using DocExchange.Protocol.V1;
using CoreStaffInfo = DocExchange.Core.Statuses.StaffInfo;
using CoreStatusCode = DocExchange.Core.Statuses.StatusCode;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

public sealed class EdXmlStatusPackageTests : ServerTest
{
    [Fact]
    public async Task A_status_package_posted_by_the_recipient_is_in_the_native_history_and_a_repeat_with_its_message_id_is_recorded_once()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var recipient = Server.Agency(LoopbackServer.H41);
        var sent = await sender.SendAsync(Document("451"), cancellationToken: Timeout);
        var package = await StatusPackageAsync(sent.DocumentId, LoopbackServer.H41, CoreStatusCode.Arrived, "Đã nhận văn bản qua gói edXML");

        var posted = await recipient.PostStatusPackageAsync(package, "edxml-status-451", Timeout);
        var repeat = await recipient.PostStatusPackageAsync(package, "edxml-status-451", Timeout);

        Assert.Equal(ProcessingStatusCode.Arrived, posted.StatusCode);
        Assert.Equal(sent.DocumentId, posted.DocumentId);
        Assert.Equal(posted.Sequence, repeat.Sequence);
        var history = await sender.GetStatusHistoryAsync(sent.DocumentId, LoopbackServer.H41, Timeout);
        var stored = Assert.Single(history);
        Assert.Equal(ProcessingStatusCode.Arrived, stored.StatusCode);
        Assert.Equal(posted.Sequence, stored.Sequence);
        Assert.Equal("Đã nhận văn bản qua gói edXML", stored.Description);
        Assert.Equal(LoopbackServer.H41, stored.From.OrganId);
        Assert.Equal(new StaffInfo { Department = "Văn thư", Staff = "Trần Thị Lan", Mobile = "0912345678", Email = "lan@nghean.gov.vn" }, stored.StaffInfo);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(7)), stored.Timestamp.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_status_package_reported_in_another_agencys_name_is_refused_with_the_servers_explanation()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("452"), cancellationToken: Timeout);
        var package = await StatusPackageAsync(sent.DocumentId, LoopbackServer.G22, CoreStatusCode.Arrived, "Not H41");

        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Agency(LoopbackServer.H41).PostStatusPackageAsync(package, cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("PostStatusPackage", error.Operation);
        Assert.Empty(await Server.Agency(LoopbackServer.G22).GetStatusHistoryAsync(sent.DocumentId, cancellationToken: Timeout));
    }

    private static async Task<byte[]> StatusPackageAsync(string documentId, string reporter, CoreStatusCode code, string description)
    {
        var id = DocumentId.Parse(documentId);
        var status = new EdXmlStatus(
            new EdXmlResponseFor(id.Sender, $"{id.CodeNumber}/{id.CodeNotation}", id.Date, id),
            new EdXmlOrganization(AgencyCode.Parse(reporter)),
            code,
            description,
            new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(7)),
            new CoreStaffInfo("Văn thư", "Trần Thị Lan", "0912345678", "lan@nghean.gov.vn"));
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteStatusAsync(output, status, new EdXmlWriterOptions(), null, CancellationToken.None);
        return output.ToArray();
    }
}
