using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using DocExchange.Core.Documents;

namespace DocExchange.Storage.Tests;

/// <summary>Part contents for sends, streamed in small chunks.</summary>
public static class Content
{
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Sha256(byte[] data) => SHA256.HashData(data);

    public static async IAsyncEnumerable<PartChunk> Chunks(
        IEnumerable<(string PartId, byte[] Data)> parts, int chunkSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (partId, data) in parts)
        {
            for (var offset = 0; offset < data.Length; offset += chunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                yield return new PartChunk(partId, data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset)));
            }
        }
    }

    /// <summary>Streams <paramref name="parts"/> until <paramref name="failAfterBytes"/> bytes are sent, then throws as a broken connection would.</summary>
    public static async IAsyncEnumerable<PartChunk> FailingAfter(IEnumerable<(string PartId, byte[] Data)> parts, long failAfterBytes)
    {
        long sent = 0;
        await foreach (var chunk in Chunks(parts))
        {
            if (sent + chunk.Data.Length > failAfterBytes) throw new IOException("the client connection was reset");
            sent += chunk.Data.Length;
            yield return chunk;
        }
    }

    /// <summary>Content that must never be read: reading it fails the test.</summary>
    public static async IAsyncEnumerable<PartChunk> MustNotBeRead()
    {
        await Task.Yield();
        Assert.Fail("the content stream was read although the send should have been decided without it");
        yield break;
    }
}
