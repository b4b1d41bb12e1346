using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Hosting;
using SignedCheckpoint = DocExchange.Protocol.V1.SignedCheckpoint;
using StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// Two server instances on one PostgreSQL database, blob folder and audit key: what one accepts, the other serves and
/// pushes live, and both show one audit trail that either one's checkpoints prove.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private ServerDeployment _deployment = null!;
    private TestServer _first = null!;
    private TestServer _second = null!;

    public async Task InitializeAsync()
    {
        _deployment = await ServerDeployment.PostgresAsync();
        // Started together: they migrate the empty database and create the shared audit key at the same moment.
        var instances = await Task.WhenAll(_deployment.StartInstanceAsync(), _deployment.StartInstanceAsync());
        (_first, _second) = (instances[0], instances[1]);
        await Exchanges.RegisterSampleAgenciesAsync(_first);
    }

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    private static CancellationTokenSource Patience() => new(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_send_through_one_instance_is_pushed_live_to_a_subscriber_on_the_other_which_serves_its_content()
    {
        using var timeout = Patience();
        var ct = timeout.Token;
        var pdf = SamplePdf.Create("Cong van qua hai may chu");
        using var inbox = _second.Agency(TestServer.H41).AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
        Assert.Single(backlog);

        var sent = await Exchanges.SendAsync(_first.Agency(TestServer.G22), Exchanges.Header("two-1", TestServer.H41, pdf), pdf);

        Assert.True(await inbox.ResponseStream.MoveNext(ct));
        Assert.Equal(sent.DocumentId, inbox.ResponseStream.Current.Delivery.DocumentId);
        Assert.True(inbox.ResponseStream.Current.Delivery.Pending);
        Assert.Equal(pdf, await FetchMainPartAsync(_second.Agency(TestServer.H41), sent.DocumentId, ct));
        // On PostgreSQL parts stay out of the shared database by default (Storage:InlineContentMaxBytes): a blob file.
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        Assert.True(File.Exists(Path.Combine(_deployment.SharedBlobDirectory!, hex[..2], hex[2..4], hex)), "the small part is not a blob file");
    }

    [Fact]
    public async Task Statuses_posted_on_one_instance_reach_a_status_watch_on_the_other()
    {
        using var timeout = Patience();
        var ct = timeout.Token;
        var pdf = SamplePdf.Create("trang thai");
        var sent = await Exchanges.SendAsync(_first.Agency(TestServer.G22), Exchanges.Header("two-2", TestServer.H41, pdf), pdf);
        using var watch = _first.Agency(TestServer.G22).AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.WatchStatuses, new WatchStatusesRequest(), new(cancellationToken: ct));
        await Exchanges.ReadUntilAsync(watch.ResponseStream, e => e.EventCase == StatusEvent.EventOneofCase.CaughtUp, ct);

        var recipient = _second.Agency(TestServer.H41);
        await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = StatusCode.Arrived });
        await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = StatusCode.Accepted, Description = "Đã vào sổ" });

        var seen = await Exchanges.ReadUntilAsync(watch.ResponseStream,
            e => e.EventCase == StatusEvent.EventOneofCase.Status && e.Status.StatusCode == StatusCode.Accepted, ct);
        var statuses = seen.Where(e => e.EventCase == StatusEvent.EventOneofCase.Status).Select(e => e.Status).ToList();
        Assert.Equal([StatusCode.Arrived, StatusCode.Accepted], statuses.Select(s => s.StatusCode));
        Assert.All(statuses, s => Assert.Equal(sent.DocumentId, s.DocumentId));
        Assert.Equal("Đã vào sổ", statuses[1].Description);
    }

    [Fact]
    public async Task The_audit_trail_read_from_either_instance_has_one_order_and_proofs_that_verify_against_either_instance_s_checkpoint()
    {
        var pdf = SamplePdf.Create("nhat ky");
        var sent = await Exchanges.SendAsync(_first.Agency(TestServer.G22), Exchanges.Header("two-3", TestServer.H41, pdf), pdf);
        await _second.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = StatusCode.Arrived });
        var early = await _first.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
        await Exchanges.SendAsync(_second.Agency(TestServer.G22), Exchanges.Header("two-4", TestServer.H41, pdf, "7817"), pdf);
        var late = await _second.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        // One key: both instances publish it, and it verifies both instances' checkpoints.
        var firstInfo = await _first.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest());
        var secondInfo = await _second.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest());
        Assert.Equal(firstInfo.PublicKey, secondInfo.PublicKey);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(firstInfo.PublicKey.Span);
        Assert.True(verifier.Verify(ToSigned(early)).IsValid);
        Assert.True(verifier.Verify(ToSigned(late)).IsValid);

        // One order: the same events, sequence for sequence, from either instance, with no gap.
        var fromFirst = await QueryAllAsync(_first, late.TreeSize);
        var fromSecond = await QueryAllAsync(_second, early.TreeSize);
        Assert.Equal(Enumerable.Range(0, fromFirst.Count).Select(i => (long)i), fromFirst.Select(e => e.Event.Sequence));
        Assert.Equal(fromFirst.Select(e => e.Leaf), fromSecond.Select(e => e.Leaf));
        Assert.Contains(fromFirst, e => e.Event.Action == "document.sent" && e.Event.DocumentId == sent.DocumentId);
        Assert.True(late.TreeSize > early.TreeSize);
        Assert.True(fromFirst.Count >= late.TreeSize);

        // Proofs served by one instance verify against the other's checkpoint, and the two checkpoints are consistent.
        AssertProofsVerify(fromFirst, late);
        AssertProofsVerify(fromSecond, early);
        var consistency = await _first.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetConsistencyProof,
            new GetConsistencyProofRequest { FirstTreeSize = early.TreeSize, SecondTreeSize = late.TreeSize });
        var result = MerkleProofVerifier.VerifyConsistency(
            new Audit.Merkle.ConsistencyProof(consistency.FirstTreeSize, consistency.SecondTreeSize, consistency.Hashes.Select(h => h.ToByteArray()).ToList()),
            early.RootHash.Span, late.RootHash.Span);
        Assert.True(result.IsValid, result.FailureReason);
    }

    [Fact]
    public async Task An_instance_with_its_own_audit_key_does_not_start_once_the_shared_key_signed_a_checkpoint()
    {
        await _first.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        // Its own key file: the default, in its own data directory.
        var refused = await Assert.ThrowsAsync<StartupException>(() => _deployment.StartInstanceAsync("--DocExchange:Audit:KeyPath=audit-key.pem"));

        Assert.Contains("must use the same audit key", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertProofsVerify(List<AuditEventEntry> entries, SignedCheckpoint checkpoint)
    {
        var proven = entries.Where(e => e.Event.Sequence < checkpoint.TreeSize).ToList();
        Assert.Equal(checkpoint.TreeSize, proven.Count);
        foreach (var entry in proven)
        {
            Assert.Equal(checkpoint.TreeSize, entry.Inclusion.TreeSize);
            var proof = new Audit.Merkle.InclusionProof(entry.Inclusion.LeafIndex, entry.Inclusion.TreeSize, entry.Inclusion.Hashes.Select(h => h.ToByteArray()).ToList());
            var result = MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(entry.Leaf.Span), checkpoint.RootHash.Span);
            Assert.True(result.IsValid, $"event {entry.Event.Sequence}: {result.FailureReason}");
        }
    }

    private static async Task<List<AuditEventEntry>> QueryAllAsync(TestServer server, long proofTreeSize)
    {
        using var query = server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents,
            new QueryEventsRequest { IncludeProofs = true, ProofTreeSize = proofTreeSize, Limit = 1000 });
        var entries = new List<AuditEventEntry>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None)) entries.Add(query.ResponseStream.Current);
        return entries;
    }

    private static Audit.Checkpoints.SignedCheckpoint ToSigned(SignedCheckpoint checkpoint) => new(
        new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time.ToDateTimeOffset()),
        checkpoint.SignedBody.ToByteArray(), checkpoint.Signature.ToByteArray(), checkpoint.KeyId.ToByteArray());

    private static async Task<byte[]> FetchMainPartAsync(CallInvoker client, string documentId, CancellationToken ct)
    {
        using var fetch = client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = documentId }, new(cancellationToken: ct));
        var content = new MemoryStream();
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            if (fetch.ResponseStream.Current.ResponseCase == FetchResponse.ResponseOneofCase.Chunk) content.Write(fetch.ResponseStream.Current.Chunk.Data.Span);
        }
        return content.ToArray();
    }
}
