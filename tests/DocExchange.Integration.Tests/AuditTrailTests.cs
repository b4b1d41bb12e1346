using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;
using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;
using StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>What the exchange leaves in the audit trail, checked as an auditor would: against a signed checkpoint.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_documents_life_leaves_one_provable_event_per_step()
    {
        var sender = _server.Agency(TestServer.G22);
        var recipient = _server.Agency(TestServer.H41);
        var pdf = SamplePdf.Create("life");
        var sent = await Exchanges.SendAsync(sender, Exchanges.Header("life-1", TestServer.H41, pdf), pdf);
        foreach (var code in new[] { StatusCode.Arrived, StatusCode.Accepted, StatusCode.Processing, StatusCode.Done })
        {
            await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = code });
        }

        var auditor = _server.Auditor();
        var checkpoint = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
        var info = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest());
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(info.PublicKey.Span);
        var verified = verifier.Verify(new Audit.Checkpoints.SignedCheckpoint(
            new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time.ToDateTimeOffset()),
            checkpoint.SignedBody.ToByteArray(), checkpoint.Signature.ToByteArray(), checkpoint.KeyId.ToByteArray()));
        Assert.True(verified.IsValid, verified.FailureReason);

        using var query = auditor.AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest
        {
            DocumentId = sent.DocumentId,
            IncludeProofs = true,
            ProofTreeSize = checkpoint.TreeSize,
        });
        var entries = new List<Protocol.V1.AuditEventEntry>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            entries.Add(query.ResponseStream.Current);
        }

        Assert.Equal(["document.sent", "status.posted", "status.posted", "status.posted", "status.posted"], entries.Select(e => e.Event.Action));
        var send = entries[0].Event;
        Assert.Equal(TestServer.G22, send.Actor.OrganId);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(pdf), send.ContentHashes.Single(h => h.PartId == "main").Sha256.ToByteArray());
        Assert.Equal([TestServer.H41], send.Recipients);
        Assert.All(entries.Skip(1), e => Assert.Equal(TestServer.H41, e.Event.Actor.OrganId));

        foreach (var entry in entries)
        {
            // The leaf's bytes decode to the event served, and its inclusion proof leads to the signed root.
            Assert.Equal(entry.Event.Sequence, AuditEventEncoding.Decode(entry.Leaf.Span).Sequence);
            var proof = new Audit.Merkle.InclusionProof(entry.Inclusion.LeafIndex, entry.Inclusion.TreeSize, entry.Inclusion.Hashes.Select(h => h.ToByteArray()).ToList());
            var result = MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(entry.Leaf.Span), checkpoint.RootHash.Span);
            Assert.True(result.IsValid, result.FailureReason);
        }
    }

    [Fact]
    public async Task A_denied_call_leaves_an_event_naming_the_caller_and_the_method()
    {
        await Assert.ThrowsAsync<RpcException>(() => _server.Agency(TestServer.H41).UnaryAsync(
            Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" }));

        using var query = _server.Auditor().AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { "call.denied" } });
        Assert.True(await query.ResponseStream.MoveNext(CancellationToken.None));
        var denied = query.ResponseStream.Current.Event;

        Assert.Equal(TestServer.H41, denied.Actor.OrganId);
        Assert.Equal("denied", denied.Outcome);
        Assert.Contains(Protocol.V1.Registry.Methods.RegisterAgency.FullName, denied.Detail);
        Assert.Equal(32, denied.Actor.CertificateSha256.Length);
    }

    [Fact]
    public async Task An_agency_cannot_read_the_trail()
    {
        using var query = _server.Agency(TestServer.G22).AsyncServerStreamingCall(Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => query.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(GrpcStatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task A_consistency_proof_between_two_checkpoints_verifies()
    {
        var auditor = _server.Auditor();
        var first = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
        var pdf = SamplePdf.Create("later");
        await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("later", TestServer.H41, pdf), pdf);
        var second = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        var proof = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetConsistencyProof,
            new GetConsistencyProofRequest { FirstTreeSize = first.TreeSize, SecondTreeSize = second.TreeSize });
        var result = MerkleProofVerifier.VerifyConsistency(
            new Audit.Merkle.ConsistencyProof(proof.FirstTreeSize, proof.SecondTreeSize, proof.Hashes.Select(h => h.ToByteArray()).ToList()),
            first.RootHash.Span, second.RootHash.Span);

        Assert.True(second.TreeSize > first.TreeSize);
        Assert.True(result.IsValid, result.FailureReason);
    }

    [Fact]
    public async Task A_consistency_proof_from_a_larger_tree_is_out_of_range_without_dotnet_parameter_names()
    {
        var auditor = _server.Auditor();
        var checkpoint = await auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        var error = await Assert.ThrowsAsync<RpcException>(() => auditor.UnaryAsync(Protocol.V1.Audit.Methods.GetConsistencyProof,
            new GetConsistencyProofRequest { FirstTreeSize = checkpoint.TreeSize + 5, SecondTreeSize = checkpoint.TreeSize }));

        Assert.Equal(GrpcStatusCode.OutOfRange, error.StatusCode);
        Assert.DoesNotContain("Parameter", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Status.Detail, StringComparison.Ordinal);
    }
}
