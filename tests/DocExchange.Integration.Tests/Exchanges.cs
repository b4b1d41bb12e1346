using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Integration.Tests;

/// <summary>The calls the tests make, written once.</summary>
internal static class Exchanges
{
    public static async Task RegisterSampleAgenciesAsync(TestServer server)
    {
        var registry = server.Operator();
        await registry.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" });
        await registry.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.H41, Name = "UBND tỉnh Nghệ An" });
    }

    /// <summary>As the operator: trust <paramref name="ca"/> for the agency's client certificates (Registry.AddTrustedCa).</summary>
    public static Task<Agency> AddTrustedCaAsync(TestServer server, string code, DocExchange.Signing.Pki.CertificateAuthority ca) =>
        server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.AddTrustedCa, new AddTrustedCaRequest { Code = code, CertificateDer = ByteString.CopyFrom(ca.Certificate.RawData) });

    public static SendHeader Header(string messageId, string to, byte[] pdf, string number = "7816") => new()
    {
        MessageId = messageId,
        Document = new DocumentHeader
        {
            To = { new Organization { OrganId = to } },
            Code = new DocumentCode { CodeNumber = number, CodeNotation = "VPCP-TTĐT" },
            Subject = "Về việc triển khai trục liên thông văn bản",
            DocumentType = new DocumentType { Type = 1, TypeName = "Công văn" },
        },
        Parts = { new PartInfo { PartId = "main", Kind = PartKind.MainDocument, FileName = "congvan.pdf", ContentType = "application/pdf", Size = pdf.Length } },
    };

    public static async Task<SendResponse> SendAsync(CallInvoker client, SendHeader header, byte[] pdf, int chunkSize = 16 * 1024, CallOptions options = default)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send, options);
        try
        {
            await call.RequestStream.WriteAsync(new SendRequest { Header = header });
            for (var offset = 0; offset < pdf.Length; offset += chunkSize)
            {
                var data = ByteString.CopyFrom(pdf, offset, Math.Min(chunkSize, pdf.Length - offset));
                await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = "main", Data = data } });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The server may answer (a refusal after the header) while content is still being written; a write then
            // fails with whatever the transport saw, and the server's own status is in the response.
        }

        return await call.ResponseAsync;
    }

    /// <summary>Sends a document of several parts, each declared in <paramref name="header"/> and sent whole, in order.</summary>
    public static async Task<SendResponse> SendPartsAsync(CallInvoker client, SendHeader header, params (string PartId, byte[] Bytes)[] parts)
    {
        using var call = client.AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send);
        await call.RequestStream.WriteAsync(new SendRequest { Header = header });
        foreach (var (partId, bytes) in parts)
        {
            await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = partId, Data = ByteString.CopyFrom(bytes) } });
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Fetches every part of a document and returns their bytes, by part id.</summary>
    public static async Task<Dictionary<string, byte[]>> FetchAsync(CallInvoker client, string documentId, CancellationToken ct)
    {
        using var fetch = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId }, new(cancellationToken: ct));
        var parts = new Dictionary<string, MemoryStream>();
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            if (fetch.ResponseStream.Current.ResponseCase == FetchResponse.ResponseOneofCase.Chunk)
            {
                var chunk = fetch.ResponseStream.Current.Chunk;
                if (!parts.TryGetValue(chunk.PartId, out var part)) parts[chunk.PartId] = part = new MemoryStream();
                part.Write(chunk.Data.Span);
            }
        }

        return parts.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>Reads a stream until <paramref name="stop"/> holds for a message, and returns what it read.</summary>
    public static async Task<List<T>> ReadUntilAsync<T>(IAsyncStreamReader<T> stream, Func<T, bool> stop, CancellationToken ct)
    {
        var read = new List<T>();
        while (await stream.MoveNext(ct))
        {
            read.Add(stream.Current);
            if (stop(stream.Current))
            {
                break;
            }
        }

        return read;
    }
}
