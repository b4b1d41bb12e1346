using DocExchange.Core.Errors;
using DocExchange.Storage.Relational;

namespace DocExchange.Storage.Tests;

/// <summary>The conformance suite on the embedded SQLite engine, plus what only a file blob store allows to test.</summary>
public sealed class SqliteExchangeConformanceTests : ExchangeConformanceTests
{
    protected override async Task<StorageUnderTest> CreateStorageAsync() => await SqliteStorageUnderTest.CreateAsync();

    [Fact]
    public async Task Reading_a_part_whose_file_changed_on_disk_fails_as_data_loss()
    {
        var (result, main, _) = await SendAsync("m-1", [Finance], mainSize: RelationalBlobStore.DefaultInlineLimit + 1);
        var path = ((SqliteStorageUnderTest)Storage).FileBlobs.PathOf(result.Document.Parts[0].Sha256);
        main[100] ^= 0xFF;
        await File.WriteAllBytesAsync(path, main);

        await using var part = await Service.OpenPartAsync(Finance, result.DocumentId.ToString(), "main", CancellationToken.None);
        var error = await Assert.ThrowsAsync<ExchangeException>(() => part.Content.CopyToAsync(Stream.Null));

        Assert.Equal(ExchangeErrorKind.DataLoss, error.Kind);
        Assert.Contains("corrupted", error.Message, StringComparison.Ordinal);
    }
}
