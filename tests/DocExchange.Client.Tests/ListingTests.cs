using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;

namespace DocExchange.Client.Tests;

public sealed class ListingTests : ServerTest
{
    [Fact]
    public async Task Sent_and_received_documents_are_listed_page_by_page_and_all_at_once()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var recipient = Server.Agency(LoopbackServer.H41);
        var ids = new List<string>();
        for (var number = 501; number <= 505; number++)
        {
            ids.Add((await sender.SendAsync(Document(number.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: Timeout)).DocumentId);
        }

        await recipient.AcknowledgeAsync(ids[0], cancellationToken: Timeout);
        var query = new DocumentQuery(PageSize: 2);

        var firstPage = await sender.ListSentAsync(query, cancellationToken: Timeout);
        var secondPage = await sender.ListSentAsync(query, firstPage.NextPageToken, Timeout);
        var allSent = await ToListAsync(sender.ListAllSentAsync(query, Timeout));
        var allReceived = await ToListAsync(recipient.ListAllReceivedAsync(query, Timeout));
        var receivedPage = await recipient.ListReceivedAsync(new DocumentQuery(PageSize: 10), cancellationToken: Timeout);

        Assert.Equal(2, firstPage.Documents.Count);
        Assert.Equal(2, secondPage.Documents.Count);
        Assert.Empty(firstPage.Documents.Select(d => d.DocumentId).Intersect(secondPage.Documents.Select(d => d.DocumentId)));
        Assert.Equal(ids.Order(), allSent.Select(d => d.DocumentId).Order());
        Assert.Equal(ids.Order(), allReceived.Select(d => d.DocumentId).Order());
        Assert.Equal(5, receivedPage.Documents.Count);
        Assert.Empty(receivedPage.NextPageToken);
        Assert.Equal(ProcessingStatusCode.Arrived, receivedPage.Documents.Single(d => d.DocumentId == ids[0]).LatestStatus);
    }

    [Fact]
    public async Task A_listing_window_in_the_future_is_empty()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        await sender.SendAsync(Document("506"), cancellationToken: Timeout);

        var later = await sender.ListSentAsync(new DocumentQuery(Since: DateTimeOffset.UtcNow.AddDays(1)), cancellationToken: Timeout);
        var now = await sender.ListSentAsync(new DocumentQuery(Until: DateTimeOffset.UtcNow.AddDays(1)), cancellationToken: Timeout);

        Assert.Empty(later.Documents);
        Assert.Single(now.Documents);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
