using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;

namespace DocExchange.Storage.Tests;

/// <summary>Replacing a sent document (edXML business type 3).</summary>
public abstract partial class ExchangeConformanceTests
{
    private Task<SendResult> SendReplacingAsync(string messageId, string replaced, IReadOnlyList<AgencyCode> recipients, AgencyCode? sender = null)
    {
        var main = Content.Bytes(3000, 77);
        var outgoing = Outgoing(messageId, recipients, [Declare("main", main, PartKind.Main)], number: "7817", sender: sender)
            with { BusinessType = BusinessDocType.Replace, ReferencedDocumentId = replaced };
        return Service.SendAsync(outgoing, Content.Chunks([("main", main)]), CancellationToken.None);
    }

    [Fact]
    public async Task A_replacing_document_reaches_its_recipients_naming_the_replaced_one()
    {
        var (original, _, _) = await SendAsync("m-1", [Finance]);

        var replacing = await SendReplacingAsync("m-2", original.DocumentId.ToString(), [Finance, Tax]);

        Assert.Equal(BusinessDocType.Replace, replacing.Document.BusinessType);
        Assert.Equal(original.DocumentId, replacing.Document.ReferencedDocumentId);
        foreach (var recipient in new[] { Finance, Tax })
        {
            var delivery = (await BacklogAsync(recipient, 0)).Single(d => d.Document.Id == replacing.DocumentId);
            Assert.Equal(DeliveryKind.Document, delivery.Kind);
            Assert.Equal(BusinessDocType.Replace, delivery.Document.BusinessType);
            Assert.Equal(original.DocumentId, delivery.Document.ReferencedDocumentId);
        }
        var fetched = await Service.GetDocumentAsync(Tax, replacing.DocumentId.ToString(), CancellationToken.None);
        Assert.Equal(original.DocumentId, fetched.ReferencedDocumentId);
        // The replaced document stays listed and readable: the exchange keeps both, the link is on the new one.
        var sent = (await Service.ListSentAsync(Sender, new DocumentListRequest(), CancellationToken.None)).Items;
        Assert.Equal([replacing.DocumentId, original.DocumentId], sent.Select(d => d.Id));
        Assert.Equal(original.DocumentId, (await Service.GetDocumentAsync(Finance, original.DocumentId.ToString(), CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Replacing_a_document_of_another_sender_or_an_unknown_one_is_refused_with_nothing_stored()
    {
        var (original, _, _) = await SendAsync("m-1", [Finance]);
        var before = await CountAllAsync();

        var foreign = await RefusedAsync(ExchangeErrorKind.NotFound,
            () => SendReplacingAsync("t-1", original.DocumentId.ToString(), [Tax], sender: Finance));
        Assert.Contains(original.DocumentId.ToString(), foreign.Message, StringComparison.Ordinal);
        Assert.Contains($"documents agency {Finance} sent", foreign.Message, StringComparison.Ordinal);
        await RefusedAsync(ExchangeErrorKind.NotFound,
            () => SendReplacingAsync("m-2", new DocumentId(Sender, new DateOnly(2024, 1, 2), "1", "VPCP").ToString(), [Finance]));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => SendReplacingAsync("m-3", "", [Finance]));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => SendReplacingAsync("m-4", "not a document id", [Finance]));

        Assert.Equal(before, await CountAllAsync());
    }
}
