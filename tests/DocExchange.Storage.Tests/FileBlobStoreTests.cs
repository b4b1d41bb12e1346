using System.Security.Cryptography;
using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;

namespace DocExchange.Storage.Tests;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dx-blob-tests", Guid.NewGuid().ToString("N"));
    private readonly FileBlobStore _store;

    public FileBlobStoreTests() => _store = new FileBlobStore(_root);

    private int FileCount => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task A_blob_is_named_by_its_sha256_under_a_two_level_fan_out()
    {
        var data = Content.Bytes(100_000, 1);

        var info = await _store.WriteAsync(new MemoryStream(data), CancellationToken.None);

        var hex = Convert.ToHexStringLower(SHA256.HashData(data));
        Assert.Equal(hex, info.Sha256.Hex);
        Assert.Equal(data.Length, info.Size);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, hex[..2], hex[2..4], hex)));
        Assert.Empty(Directory.EnumerateFiles(_store.TempDirectory));
    }

    [Fact]
    public async Task Writing_the_same_content_twice_keeps_one_file()
    {
        var data = Content.Bytes(1000, 2);

        var first = await _store.WriteAsync(new MemoryStream(data), CancellationToken.None);
        var second = await _store.WriteAsync(new MemoryStream(data), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, FileCount);
    }

    [Fact]
    public async Task An_uncommitted_writer_leaves_nothing_behind()
    {
        await using (var writer = await _store.BeginWriteAsync(CancellationToken.None))
        {
            await writer.WriteAsync(Content.Bytes(1000, 3), CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.Equal(0, FileCount);
    }

    [Fact]
    public async Task A_blob_reads_back_and_an_unknown_hash_reads_as_null()
    {
        var data = Content.Bytes(3000, 4);
        var info = await _store.WriteAsync(new MemoryStream(data), CancellationToken.None);

        await using (var stream = await _store.OpenReadAsync(info.Sha256, CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await stream!.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }
        Assert.True(await _store.ExistsAsync(info.Sha256, CancellationToken.None));
        var unknown = Sha256Digest.FromBytes(SHA256.HashData(new byte[] { 9 }));
        Assert.Null(await _store.OpenReadAsync(unknown, CancellationToken.None));
        Assert.False(await _store.ExistsAsync(unknown, CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
