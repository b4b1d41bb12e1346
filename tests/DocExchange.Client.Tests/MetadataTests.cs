using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using Priority = DocExchange.Protocol.V1.Priority;

namespace DocExchange.Client.Tests;

public sealed class MetadataTests : ServerTest
{
    [Fact]
    public async Task Every_edXML_field_set_by_the_builder_reaches_the_recipient()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var earlier = await sender.SendAsync(Document("700"), cancellationToken: Timeout);

        var sent = await sender.SendAsync(new OutgoingDocumentBuilder()
            .Metadata(m => m
                .To(new Organization { OrganId = LoopbackServer.H41, OrganName = "UBND tỉnh Nghệ An" })
                .SenderContact(new Organization { OrganName = "Văn phòng Chính phủ", Email = "vanthu@chinhphu.vn" })
                .Code("701", "VPCP-KGVX")
                .Subject("Về việc báo cáo tình hình")
                .Content("Đề nghị báo cáo trước ngày 31")
                .Type(2, "Thông báo")
                .Signer("Trần Văn C", "Phó Chủ nhiệm", "KT.")
                .Priority(Priority.Express)
                .Promulgation("Hà Nội", new DateOnly(2024, 5, 1))
                .DueDate(new DateOnly(2024, 5, 31))
                .ToPlaces("Lưu: VT")
                .SteeringType(1)
                .SphereOfPromulgation("Toàn quốc")
                .PageAmount(3)
                .Appendix("Phụ lục I")
                .RespondsTo(earlier.DocumentId))
            .MainDocument(TestContent.Pdf("701"), "thongbao.pdf"), cancellationToken: Timeout);

        var header = (await Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, new MemoryStream(), cancellationToken: Timeout)).Header;
        Assert.Equal($"{LoopbackServer.G22},2024/05/01,701/VPCP-KGVX", sent.DocumentId);
        Assert.Equal("UBND tỉnh Nghệ An", header.To.Single().OrganName);
        Assert.Equal(("Văn phòng Chính phủ", "vanthu@chinhphu.vn", LoopbackServer.G22), (header.From.OrganName, header.From.Email, header.From.OrganId));
        Assert.Equal("Đề nghị báo cáo trước ngày 31", header.Content);
        Assert.Equal((2, "Thông báo"), (header.DocumentType.Type, header.DocumentType.TypeName));
        Assert.Equal(("KT.", "Phó Chủ nhiệm", "Trần Văn C"), (header.SignerInfo.Competence, header.SignerInfo.Position, header.SignerInfo.FullName));
        Assert.Equal(("Hà Nội", "2024/05/01"), (header.PromulgationInfo.Place, header.PromulgationInfo.PromulgationDate));
        Assert.Equal("2024/05/31", header.DueDate);
        Assert.Equal(["Lưu: VT"], header.ToPlaces);
        Assert.Equal(1, header.SteeringType);
        Assert.Equal((Priority.Express, "Toàn quốc", 3), (header.OtherInfo.Priority, header.OtherInfo.SphereOfPromulgation, header.OtherInfo.PageAmount));
        Assert.Equal(["Phụ lục I"], header.OtherInfo.Appendixes);
        var responseFor = Assert.Single(header.ResponseFor);
        Assert.Equal((earlier.DocumentId, LoopbackServer.G22, "700/VPCP-TTĐT"), (responseFor.DocumentId, responseFor.OrganId, responseFor.Code));
    }

    [Fact]
    public async Task A_replacing_document_names_the_document_it_replaces()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var original = await sender.SendAsync(Document("702"), cancellationToken: Timeout);

        var replacement = await sender.SendAsync(Document("702b").Metadata(m => m.Replaces(original.DocumentId, "Sửa lỗi chính tả")), cancellationToken: Timeout);

        var header = (await Server.Agency(LoopbackServer.H41).FetchAsync(replacement.DocumentId, new MemoryStream(), cancellationToken: Timeout)).Header;
        Assert.Equal(BusinessDocType.Replace, header.Business.BusinessDocType);
        Assert.Equal(original.DocumentId, header.Business.DocumentId);
        Assert.Equal([original.DocumentId], header.Business.ReplacedDocumentIds);
        Assert.Equal("Sửa lỗi chính tả", header.Business.BusinessDocReason);
    }
}
