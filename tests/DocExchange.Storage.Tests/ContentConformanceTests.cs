using DocExchange.Core.Errors;
using DocExchange.Core.Documents;
using DocExchange.Storage.Relational;

namespace DocExchange.Storage.Tests;

/// <summary>Where parts' content is kept: small parts in the database with their send, larger ones in blob files.</summary>
public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task Small_parts_are_stored_in_the_database_with_their_send_and_read_back_identical()
    {
        var (result, main, attachment) = await SendAsync("m-1", [Finance]);

        Assert.Equal(2, await Storage.CountRowsAsync("part_contents"));
        Assert.Equal(0, Storage.CountBlobFiles());
        Assert.Equal(main, await ReadPartAsync(result, "main"));
        Assert.Equal(attachment, await ReadPartAsync(result, "att-1"));
    }

    [Fact]
    public async Task A_part_over_the_inline_limit_is_stored_as_a_blob_file()
    {
        var (result, main, attachment) = await SendAsync("m-1", [Finance], mainSize: RelationalBlobStore.DefaultInlineLimit + 1);

        Assert.Equal(1, await Storage.CountRowsAsync("part_contents"));
        Assert.Equal(1, Storage.CountBlobFiles());
        Assert.Equal(main, await ReadPartAsync(result, "main"));
        Assert.Equal(attachment, await ReadPartAsync(result, "att-1"));
    }

    [Fact]
    public async Task A_part_of_exactly_the_inline_limit_is_stored_in_the_database()
    {
        var (result, main, _) = await SendAsync("m-1", [Finance], mainSize: RelationalBlobStore.DefaultInlineLimit);

        Assert.Equal(2, await Storage.CountRowsAsync("part_contents"));
        Assert.Equal(0, Storage.CountBlobFiles());
        Assert.Equal(main, await ReadPartAsync(result, "main"));
    }

    [Fact]
    public async Task Inline_content_changed_in_the_database_fails_the_read_as_data_loss()
    {
        var (result, main, _) = await SendAsync("m-1", [Finance]);
        var changed = main.ToArray();
        changed[100] ^= 0xFF;
        await Storage.OverwriteInlineContentAsync(result.Document.Parts[0].Sha256, changed);

        await using var part = await Service.OpenPartAsync(Finance, result.DocumentId.ToString(), "main", CancellationToken.None);
        var error = await Assert.ThrowsAsync<ExchangeException>(() => part.Content.CopyToAsync(Stream.Null));

        Assert.Equal(ExchangeErrorKind.DataLoss, error.Kind);
        Assert.Contains("corrupted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_refused_at_commit_stores_none_of_its_content()
    {
        await SendAsync("m-1", [Finance], number: "1", seed: 1);
        var before = await CountAllAsync();

        // Same document id (sender, date, number, notation) under another message id, with other content.
        var error = await Assert.ThrowsAsync<ExchangeException>(() => SendAsync("m-2", [Finance], number: "1", seed: 50));

        Assert.Equal(ExchangeErrorKind.AlreadyExists, error.Kind);
        Assert.Equal(before, await CountAllAsync());
    }

    private async Task<byte[]> ReadPartAsync(SendResult result, string partId)
    {
        await using var part = await Service.OpenPartAsync(Finance, result.DocumentId.ToString(), partId, CancellationToken.None);
        return await ReadAllAsync(part.Content);
    }
}
