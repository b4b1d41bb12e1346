using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>The EdXmlExchange calls the tests make, written once.</summary>
internal static class EdXmlCalls
{
    public static async Task<SendResponse> SendPackageAsync(CallInvoker client, string messageId, byte[] package, int chunkSize = 16 * 1024, long? declaredSize = null)
    {
        using var call = client.AsyncClientStreamingCall(EdXmlExchange.Methods.SendPackage);
        try
        {
            await call.RequestStream.WriteAsync(new SendPackageRequest { Info = new PackageInfo { MessageId = messageId, Size = declaredSize ?? package.Length } });
            for (var offset = 0; offset < package.Length; offset += chunkSize)
            {
                await call.RequestStream.WriteAsync(new SendPackageRequest { Data = ByteString.CopyFrom(package, offset, Math.Min(chunkSize, package.Length - offset)) });
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The server may refuse while the package is still being written; its status is in the response.
        }
        return await call.ResponseAsync;
    }

    public static async Task<byte[]> FetchPackageAsync(CallInvoker client, string documentId)
    {
        using var call = client.AsyncServerStreamingCall(EdXmlExchange.Methods.FetchPackage, new FetchPackageRequest { DocumentId = documentId });
        using var package = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(package);
        }
        return package.ToArray();
    }

    public static async Task<List<StatusPackage>> FetchStatusPackagesAsync(CallInvoker client, string documentId)
    {
        using var call = client.AsyncServerStreamingCall(EdXmlExchange.Methods.FetchStatusPackages, new FetchStatusPackagesRequest { DocumentId = documentId });
        return await call.ResponseStream.ReadAllAsync().ToListAsync();
    }

    public static Task<PostStatusResponse> PostStatusPackageAsync(CallInvoker client, byte[] package, string messageId = "") =>
        client.UnaryAsync(EdXmlExchange.Methods.PostStatusPackage, new PostStatusPackageRequest { Package = ByteString.CopyFrom(package), MessageId = messageId });
}
