using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>The audit methods against the real server's log; every proof is checked here with the Audit library.</summary>
public sealed class AuditTests : ServerTest
{
    private async Task<CheckpointVerifier> PinnedKeyAsync(DocExchangeClient auditor) =>
        CheckpointVerifier.FromSubjectPublicKeyInfo((await auditor.GetLogInfoAsync(Timeout)).PublicKey.Span);

    private async Task<string> SendAsync(string number) =>
        (await Server.Agency(LoopbackServer.G22).SendAsync(Document(number), cancellationToken: Timeout)).DocumentId;

    [Fact]
    public async Task Query_after_a_send_yields_its_document_sent_event_with_a_proof_that_leads_to_the_signed_checkpoint()
    {
        string documentId = await SendAsync("101");
        var auditor = Server.Auditor();
        var checkpoint = (await auditor.GetCheckpointAsync(fresh: true, Timeout)).ToAudit();
        using var key = await PinnedKeyAsync(auditor);
        Assert.True(key.Verify(checkpoint).IsValid);

        var entries = new List<Protocol.V1.AuditEventEntry>();
        await foreach (var entry in auditor.QueryEventsAsync(new AuditEventFilter { DocumentId = documentId }, includeProofs: true, checkpoint.Checkpoint.TreeSize, Timeout))
        {
            entries.Add(entry);
        }

        var sent = Assert.Single(entries);
        Assert.Equal("document.sent", sent.Event.Action);
        Assert.Equal(LoopbackServer.G22, sent.Event.Actor.OrganId);
        Assert.Equal([LoopbackServer.H41], sent.Event.Recipients);
        var proof = sent.Inclusion.ToAudit();
        Assert.True(MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(sent.Leaf.Span), checkpoint.Checkpoint.RootHash).IsValid);
    }

    [Fact]
    public async Task Query_filters_by_action_and_agency_and_honours_from_sequence_and_limit()
    {
        await SendAsync("102");
        await SendAsync("103");
        await SendAsync("104");
        var auditor = Server.Auditor();

        var sent = await ToListAsync(auditor.QueryEventsAsync(new AuditEventFilter { Actions = ["document.sent"], Agency = LoopbackServer.H41 }, cancellationToken: Timeout));
        var limited = await ToListAsync(auditor.QueryEventsAsync(new AuditEventFilter { Actions = ["document.sent"], FromSequence = sent[1].Event.Sequence, Limit = 1 }, cancellationToken: Timeout));

        Assert.Equal(3, sent.Count);
        Assert.All(sent, e => Assert.Equal("document.sent", e.Event.Action));
        Assert.Equal(sent.Select(e => e.Event.Sequence).Order(), sent.Select(e => e.Event.Sequence));
        Assert.All(sent, e => Assert.Null(e.Inclusion));
        Assert.Equal(sent[1].Event.Sequence, Assert.Single(limited).Event.Sequence);
    }

    [Fact]
    public async Task Export_verifies_offline_with_the_audit_library_against_the_logs_key()
    {
        await SendAsync("105");
        await SendAsync("106");
        var auditor = Server.Auditor();
        using var key = await PinnedKeyAsync(auditor);
        using var export = new MemoryStream();
        long lastReported = 0;

        var checkpoint = await auditor.ExportAuditAsync(export, new SynchronousProgress(n => lastReported = n), Timeout);

        export.Position = 0;
        var report = await new AuditExportVerifier(key).VerifyAsync(export, Timeout);
        Assert.True(report.Checks.All(c => c.Passed), string.Join("\n", report.Checks.Select(c => $"{c.Name}: {c.Message}")));
        Assert.Contains(report.Checks, c => c.Name == "leaves.inclusion");
        Assert.Equal(checkpoint.Checkpoint.TreeSize, report.LeafCount);
        Assert.True(checkpoint.Checkpoint.TreeSize >= 4, "registrations and two sends are in the log");
        Assert.Equal(checkpoint.Checkpoint.TreeSize, lastReported);
    }

    [Fact]
    public async Task Verify_event_proves_inclusion_with_the_pinned_key_and_fails_with_another_key()
    {
        string documentId = await SendAsync("107");
        var auditor = Server.Auditor();
        using var key = await PinnedKeyAsync(auditor);
        var sent = Assert.Single(await ToListAsync(auditor.QueryEventsAsync(new AuditEventFilter { DocumentId = documentId }, cancellationToken: Timeout)));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrongKey = CheckpointVerifier.FromSubjectPublicKeyInfo(otherKey.ExportSubjectPublicKeyInfo());

        var good = await auditor.VerifyEventAsync(sent.Event.Sequence, key, Timeout);
        var wrong = await auditor.VerifyEventAsync(sent.Event.Sequence, wrongKey, Timeout);
        var beyond = await auditor.VerifyEventAsync(1_000_000, key, Timeout);

        Assert.True(good.IsValid, good.Message);
        Assert.Equal("document.sent", good.Event!.Action);
        Assert.Equal(documentId, good.Event.DocumentId);
        Assert.False(wrong.IsValid);
        Assert.Contains("trusted audit key", wrong.Message, StringComparison.Ordinal);
        Assert.False(beyond.IsValid);
    }

    [Fact]
    public async Task Verify_checkpoint_proves_a_later_checkpoint_extends_an_earlier_one_and_detects_a_forged_earlier_root()
    {
        var auditor = Server.Auditor();
        using var key = await PinnedKeyAsync(auditor);
        var first = await auditor.VerifyCheckpointAsync(key, cancellationToken: Timeout);
        await SendAsync("108");

        var second = await auditor.VerifyCheckpointAsync(key, first.Signed.Checkpoint, Timeout);
        var forgedRoot = (byte[])first.Signed.Checkpoint.RootHash.Clone();
        forgedRoot[0] ^= 1;
        var forged = await auditor.VerifyCheckpointAsync(key, new Checkpoint(first.Signed.Checkpoint.TreeSize, forgedRoot, first.Signed.Checkpoint.Time), Timeout);

        Assert.True(first.IsValid, first.Message);
        Assert.True(second.IsValid, second.Message);
        Assert.True(second.Signed.Checkpoint.TreeSize > first.Signed.Checkpoint.TreeSize);
        Assert.False(forged.IsValid);
        Assert.Contains("not consistent", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_fetched_one_by_one_verify_locally()
    {
        await SendAsync("109");
        var auditor = Server.Auditor();
        var older = (await auditor.GetCheckpointAsync(fresh: true, Timeout)).ToAudit().Checkpoint;
        await SendAsync("110");
        var newer = (await auditor.GetCheckpointAsync(fresh: true, Timeout)).ToAudit().Checkpoint;
        var leaf = Assert.Single(await ToListAsync(auditor.QueryEventsAsync(new AuditEventFilter { FromSequence = 1, Limit = 1 }, cancellationToken: Timeout)));

        var inclusion = (await auditor.GetInclusionProofAsync(1, newer.TreeSize, Timeout)).ToAudit();
        var consistency = (await auditor.GetConsistencyProofAsync(older.TreeSize, newer.TreeSize, Timeout)).ToAudit();

        Assert.True(MerkleProofVerifier.VerifyInclusion(inclusion, MerkleHasher.HashLeaf(leaf.Leaf.Span), newer.RootHash).IsValid);
        Assert.True(MerkleProofVerifier.VerifyConsistency(consistency, older.RootHash, newer.RootHash).IsValid);
        var error = await Assert.ThrowsAsync<DocExchangeException>(() => auditor.GetInclusionProofAsync(0, newer.TreeSize + 100, Timeout));
        Assert.Equal(GrpcStatusCode.OutOfRange, error.StatusCode);
    }

    [Fact]
    public async Task An_agency_may_read_checkpoints_but_not_query_the_trail()
    {
        var agency = Server.Agency(LoopbackServer.G22);

        var checkpoint = await agency.GetCheckpointAsync(cancellationToken: Timeout);
        var error = await Assert.ThrowsAsync<DocExchangeException>(() => ToListAsync(agency.QueryEventsAsync(cancellationToken: Timeout)));

        Assert.True(checkpoint.TreeSize >= 0);
        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
