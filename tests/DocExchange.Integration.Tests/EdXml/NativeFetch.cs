using DocExchange.Protocol.V1;
using Grpc.Core;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>A document fetched with Exchange.Fetch: its header and every part's bytes.</summary>
internal sealed record NativeFetch(FetchHeader Header, IReadOnlyDictionary<string, byte[]> Parts)
{
    public static async Task<NativeFetch> RunAsync(CallInvoker client, string documentId)
    {
        using var call = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId });
        FetchHeader? header = null;
        var parts = new Dictionary<string, MemoryStream>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            if (message.Header is { } h)
            {
                header = h;
            }
            else if (message.Chunk is { } chunk)
            {
                if (!parts.TryGetValue(chunk.PartId, out var part))
                {
                    parts[chunk.PartId] = part = new MemoryStream();
                }
                chunk.Data.WriteTo(part);
            }
        }
        return new NativeFetch(header!, parts.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }
}
