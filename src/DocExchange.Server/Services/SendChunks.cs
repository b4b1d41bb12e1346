using System.Runtime.CompilerServices;
using DocExchange.Core.Documents;
using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>The content chunks that follow a Send's header.</summary>
internal static class SendChunks
{
    /// <summary>The chunks straight from the call, unspooled: for a repeat whose content is only measured, never stored.</summary>
    public static async IAsyncEnumerable<PartChunk> ReadAsync(IAsyncStreamReader<SendRequest> requests, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await requests.MoveNext(ct).ConfigureAwait(false))
        {
            var chunk = Of(requests.Current);
            yield return new PartChunk(chunk.PartId, chunk.Data.Memory);
        }
    }

    /// <summary>The chunk a message after the header carries; a second header or an empty chunk is refused.</summary>
    public static ContentChunk Of(SendRequest request)
    {
        if (request.RequestCase != SendRequest.RequestOneofCase.Chunk)
        {
            throw InvalidArgument("Send carries one header, then only content chunks; a second header was sent");
        }
        var chunk = request.Chunk;
        if (chunk.Data.IsEmpty)
        {
            throw InvalidArgument($"a content chunk of part '{chunk.PartId}' carries no data: leave out empty chunks");
        }
        return chunk;
    }

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
