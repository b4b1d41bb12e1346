using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

/// <summary>The reads that fold a send's checks, and a status post's, into one read each.</summary>
public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task The_send_checks_read_each_agencys_standing_and_the_documents_under_the_message_id_and_the_id()
    {
        await Service.DeactivateAgencyAsync(Tax.Value, null, "operator", CancellationToken.None);
        var (sent, _, _) = await SendAsync("m-1", [Finance]);
        var unregistered = AgencyCode.Parse("000.00.00.H99");
        var otherId = new DocumentId(Sender, new DateOnly(2024, 5, 10), "9999", "VPCP-TTĐT");

        var checks = await Storage.Store.ReadSendChecksAsync(Sender, "m-1", otherId, [Sender, Finance, Tax, unregistered], CancellationToken.None);

        Assert.Equal(new Dictionary<AgencyCode, bool> { [Sender] = true, [Finance] = true, [Tax] = false }, checks.Agencies);
        Assert.Equal(sent.Document.Id, checks.ByMessageId!.Id);
        Assert.Equal([Finance], checks.ByMessageId.Recipients);
        Assert.Equal(["main", "att-1"], checks.ByMessageId.Parts.Select(p => p.PartId));
        Assert.Null(checks.ById);

        var byId = await Storage.Store.ReadSendChecksAsync(Sender, "m-2", sent.Document.Id, [NgheAn], CancellationToken.None);
        Assert.Null(byId.ByMessageId);
        Assert.Equal("m-1", byId.ById!.MessageId);
        Assert.Equal([Finance], byId.ById.Recipients);

        var neither = await Storage.Store.ReadSendChecksAsync(Finance, "m-1", otherId, [], CancellationToken.None);
        Assert.Empty(neither.Agencies);
        Assert.Null(neither.ByMessageId);
        Assert.Null(neither.ById);
    }

    [Fact]
    public async Task A_documents_delivery_is_read_with_its_sender_for_current_recipients_only()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, Tax]);
        await PostAsync(Finance, sent, StatusCode.Arrived);
        await Service.UpdateRecipientsAsync(Sender, sent.DocumentId.ToString(), [], [Tax.Value], "sai địa chỉ", null, CancellationToken.None);

        var finance = await Storage.Store.FindDocumentDeliveryAsync(sent.DocumentId, Finance, CancellationToken.None);
        Assert.Equal(Sender, finance!.Sender);
        Assert.Equal(await Storage.Store.FindDeliveryStateAsync(sent.DocumentId, Finance, CancellationToken.None), finance.Delivery);
        Assert.Equal(StatusCode.Arrived, finance.Delivery!.LatestStatus);

        var removed = await Storage.Store.FindDocumentDeliveryAsync(sent.DocumentId, Tax, CancellationToken.None);
        Assert.Equal(new Core.Storage.DocumentDelivery(Sender, null), removed);
        var ownSender = await Storage.Store.FindDocumentDeliveryAsync(sent.DocumentId, Sender, CancellationToken.None);
        Assert.Equal(new Core.Storage.DocumentDelivery(Sender, null), ownSender);

        var unknown = new DocumentId(Sender, new DateOnly(2024, 5, 10), "9999", "VPCP-TTĐT");
        Assert.Null(await Storage.Store.FindDocumentDeliveryAsync(unknown, Finance, CancellationToken.None));
    }
}
