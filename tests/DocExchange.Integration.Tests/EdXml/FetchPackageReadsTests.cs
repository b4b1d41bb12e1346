using DocExchange.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// EdXmlExchange/FetchPackage reads the document once and then only each attachment's content: counted as the store
/// runs them (a deterministic figure), on a real server over a real SQLite file.
/// </summary>
public sealed class FetchPackageReadsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartForStatementCountsAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_attachment_beyond_the_first_costs_one_content_read_not_another_read_of_the_document()
    {
        var onePart = await SendAsync("reads-1", "1", [new("congvan", "application/pdf", "cv.pdf", SamplePdf.Create("Cong van 1"))]);
        var threeParts = await SendAsync("reads-3", "3",
        [
            new("congvan", "application/pdf", "cv.pdf", SamplePdf.Create("Cong van 3")),
            new("phuluc-1", "text/csv", "a.csv", "a,b\n1,2\n"u8.ToArray()),
            new("phuluc-2", "application/octet-stream", "b.bin", Enumerable.Range(0, 5_000).Select(i => (byte)i).ToArray()),
        ]);
        await EdXmlCalls.FetchPackageAsync(_server.Agency(TestServer.H41), onePart); // warms the recipient's caches

        var one = await CountedFetchAsync(onePart);
        var three = await CountedFetchAsync(threeParts);

        // Two more attachments: two more content reads (one statement in one read each), nothing else.
        Assert.Equal((2L, 2L), (three.Statements - one.Statements, three.Transactions - one.Transactions));
    }

    private async Task<string> SendAsync(string messageId, string number, HandWrittenPackage.Part[] parts)
    {
        var package = HandWrittenPackage.Bytes(HandWrittenPackage.Document(parts, HandWrittenPackage.MessageHeader(number)));
        var sent = await EdXmlCalls.SendPackageAsync(_server.Agency(TestServer.G22), messageId, package);
        Assert.NotEmpty(sent.DocumentId);
        return sent.DocumentId;
    }

    private async Task<(long Statements, long Transactions)> CountedFetchAsync(string documentId)
    {
        var activity = _server.Server.Services.GetRequiredService<StoreActivity>();
        var (statements, transactions) = (activity.Statements, activity.Transactions);
        await EdXmlCalls.FetchPackageAsync(_server.Agency(TestServer.H41), documentId);
        return (activity.Statements - statements, activity.Transactions - transactions);
    }
}
