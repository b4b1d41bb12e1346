using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>A document sent with Exchange.Send: the header, then every part's bytes in order.</summary>
internal static class NativeSend
{
    public static async Task<SendResponse> RunAsync(CallInvoker client, SendHeader header, IReadOnlyList<GeneratedPart> parts, int chunkSize = 16 * 1024)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send);
        await call.RequestStream.WriteAsync(new SendRequest { Header = header });
        foreach (var part in parts)
        {
            for (var offset = 0; offset < part.Content.Length; offset += chunkSize)
            {
                var data = ByteString.CopyFrom(part.Content, offset, Math.Min(chunkSize, part.Content.Length - offset));
                await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = part.Info.PartId, Data = data } });
            }
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
