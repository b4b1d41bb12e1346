using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;
using StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The server process is killed (SIGKILL) at random points while sends and acknowledgements stream in, then started
/// again on the same data: what it answered OK must have been durable. Several clients send and acknowledge at once,
/// so that the server's writes share commits (SQLite's group commit) when the kill comes.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const string Operator = "operator";
    private const int Clients = 4;
    private const string Sender = "agency:" + TestServer.G22;
    private const string Recipient = "agency:" + TestServer.H41;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docexchange-crash-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Sends_and_acknowledgements_answered_before_a_kill_survive_it_and_nothing_is_half_stored()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var random = new Random(20261122);
        var answered = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>();   // document id → SHA-256 sent
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        var sequence = 0;
        await using var server = new ServerProcess(_data);

        for (var round = 0; round < 5; round++)
        {
            await server.StartAsync(ct);
            var client = server.Channel(out var channel);
            using (channel)
            {
                if (round == 0)
                {
                    await client.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" }, ServerProcess.As(Operator, ct));
                    await client.UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.H41, Name = "UBND tỉnh Nghệ An" }, ServerProcess.As(Operator, ct));
                }

                using var stop = new CancellationTokenSource();
                var answeredBefore = answered.Count;
                var traffic = Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => random.Next()).ToList().Select(seed => Task.Run(() =>
                    SendAndAcknowledgeUntilFailureAsync(client, seed, () => Interlocked.Increment(ref sequence), answered, acknowledged, stop.Token), ct)));

                // Let some sends through first (a loaded machine can be slow), then kill at a random point.
                var waitUntil = DateTime.UtcNow.AddSeconds(60);
                while (answered.Count < answeredBefore + 3 && !traffic.IsCompleted && DateTime.UtcNow < waitUntil)
                {
                    await Task.Delay(20, ct);
                }

                await Task.Delay(random.Next(0, 600), ct);
                await server.KillAsync();
                await stop.CancelAsync();
                await traffic;
            }
        }

        await server.StartAsync(ct);
        var check = server.Channel(out var checkChannel);
        using (checkChannel)
        {
            Assert.True(answered.Count > 10, $"only {answered.Count} sends were answered: the kills came too early to test anything");

            // Every answered send is delivered, whole.
            foreach (var (documentId, sha) in answered)
            {
                Assert.Equal(sha, (await FetchAsync(check, documentId, ct)).Computed);
            }

            // No document is half-stored: everything the sender lists the recipient has, and can fetch intact.
            var sent = await ListAsync(check, Protocol.V1.Exchange.Methods.ListSent, Sender, ct);
            var received = await ListAsync(check, Protocol.V1.Exchange.Methods.ListReceived, Recipient, ct);
            Assert.Equal(sent.Order(), received.Order());
            foreach (var documentId in received)
            {
                var (computed, stored) = await FetchAsync(check, documentId, ct);
                Assert.Equal(stored, computed);
            }

            // No acknowledged delivery reappears; every unacknowledged one does.
            using var inbox = check.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest { AfterCursor = long.MaxValue }, ServerProcess.As(Recipient, ct));
            var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
            var redelivered = backlog.Where(e => e.Delivery is not null).Select(e => e.Delivery.DocumentId).ToHashSet();
            Assert.Empty(redelivered.Intersect(acknowledged.Keys));
            // An answered send that is not pending any more must have its 01 recorded: an acknowledgement in flight at a
            // kill may have committed without its answer arriving.
            foreach (var documentId in answered.Keys.Except(acknowledged.Keys).Except(redelivered))
            {
                var history = await check.UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = documentId }, ServerProcess.As(Recipient, ct));
                Assert.Contains(history.Statuses, s => s.StatusCode == StatusCode.Arrived);
            }
        }
    }

    private static async Task SendAndAcknowledgeUntilFailureAsync(
        CallInvoker client, int seed, Func<int> nextNumber,
        System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> answered, System.Collections.Concurrent.ConcurrentDictionary<string, byte> acknowledged, CancellationToken stop)
    {
        var random = new Random(seed);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var number = nextNumber();
                var pdf = SamplePdf.Create($"crash {number}", paddingBytes: random.Next(0, 400_000));
                var header = Exchanges.Header($"crash-{number}", TestServer.H41, pdf, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var result = await Exchanges.SendAsync(client, header, pdf, options: ServerProcess.As(Sender));
                answered[result.DocumentId] = SHA256.HashData(pdf);

                var toAcknowledge = answered.Keys.Where(id => !acknowledged.ContainsKey(id)).OrderBy(_ => random.Next()).FirstOrDefault();
                if (toAcknowledge is not null && random.Next(2) == 0)
                {
                    try
                    {
                        await client.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = toAcknowledge, StatusCode = StatusCode.Arrived }, ServerProcess.As(Recipient));
                    }
                    catch (RpcException e) when (e.StatusCode == GrpcStatusCode.FailedPrecondition)
                    {
                        // Its 01 was committed before an earlier kill, though the answer never arrived.
                    }

                    acknowledged.TryAdd(toAcknowledge, 0);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode is GrpcStatusCode.Unavailable or GrpcStatusCode.Cancelled or GrpcStatusCode.Internal or GrpcStatusCode.Unknown)
        {
            // The server died mid-call: that call was not answered, so nothing is expected of it.
        }
        catch (IOException)
        {
            // Grpc.Net.Client may fail a write to a killed server with the socket's own error: not answered either.
        }
    }

    /// <summary>The SHA-256 of the bytes fetched, and the one the server stored for the part.</summary>
    private static async Task<(byte[] Computed, byte[] Stored)> FetchAsync(CallInvoker client, string documentId, CancellationToken ct)
    {
        using var fetch = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId, PartId = "main" }, ServerProcess.As(Recipient, ct));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] stored = [];
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            var message = fetch.ResponseStream.Current;
            if (message.ResponseCase == FetchResponse.ResponseOneofCase.Chunk)
            {
                sha.AppendData(message.Chunk.Data.Span);
            }
            else if (message.ResponseCase == FetchResponse.ResponseOneofCase.Header)
            {
                stored = message.Header.Parts.Single().Sha256.ToByteArray();
            }
        }

        return (sha.GetHashAndReset(), stored);
    }

    private static async Task<List<string>> ListAsync(
        CallInvoker client, Method<ListDocumentsRequest, ListDocumentsResponse> method, string caller, CancellationToken ct)
    {
        var all = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await client.UnaryAsync(method, new ListDocumentsRequest { Page = new PageRequest { PageSize = 200, PageToken = token } }, ServerProcess.As(caller, ct));
            all.AddRange(page.Documents.Select(d => d.DocumentId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return all;
    }
}
