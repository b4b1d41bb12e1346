using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using DocExchange.Core.Statuses;
using static DocExchange.Storage.Tests.AuditHarness;

namespace DocExchange.Storage.Tests;

/// <summary>Events by filter, each with its leaf and, on request, its inclusion proof.</summary>
public abstract class AuditQueryTests(AuditEngine engine) : IAsyncLifetime
{
    private AuditHarness _h = null!;
    private string _first = "";
    private string _second = "";

    public async Task InitializeAsync()
    {
        _h = await AuditHarness.CreateAsync(engine);
        await _h.RegisterAsync(Sender, Finance, Tax, NgheAn);                  // 0-3 at 08:30
        _h.Clock.Advance(TimeSpan.FromHours(1));
        _first = (await _h.SendAsync("1", [Finance])).Result.DocumentId.ToString();  // 4 at 09:30
        _h.Clock.Advance(TimeSpan.FromHours(1));
        _second = (await _h.SendAsync("2", [Finance, Tax])).Result.DocumentId.ToString(); // 5 at 10:30
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Service.PostStatusAsync(new StatusPost(Tax, _second, StatusCode.Arrived), CancellationToken.None); // 6 at 11:30
        await _h.Service.PostStatusAsync(new StatusPost(Finance, _first, StatusCode.Arrived), CancellationToken.None); // 7 at 11:30
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Events_of_one_document_come_in_sequence_order()
    {
        var events = await QueryAsync(new AuditEventQuery { DocumentId = _first });

        Assert.Equal([4L, 7L], events.Select(e => e.Event.Sequence));
        Assert.All(events, e => Assert.Equal(_first, e.Event.DocumentId));
    }

    [Fact]
    public async Task Events_of_an_agency_are_those_it_acted_in_or_received()
    {
        var events = await QueryAsync(new AuditEventQuery { Agency = Tax.Value });

        Assert.Equal([5L, 6L], events.Select(e => e.Event.Sequence));
        Assert.Equal([4L, 5L], (await QueryAsync(new AuditEventQuery { Agency = Sender.Value })).Select(e => e.Event.Sequence));
    }

    [Fact]
    public async Task Filters_by_action_time_range_first_sequence_and_limit_combine()
    {
        Assert.Equal([4L, 5L], (await QueryAsync(new AuditEventQuery { Actions = ["document.sent"] })).Select(e => e.Event.Sequence));
        Assert.Equal([4L, 5L, 6L, 7L],
            (await QueryAsync(new AuditEventQuery { Actions = ["document.sent", "status.posted"] })).Select(e => e.Event.Sequence));
        var start = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
        Assert.Equal([4L, 5L],
            (await QueryAsync(new AuditEventQuery { Since = start, Until = start.AddHours(2) })).Select(e => e.Event.Sequence));
        Assert.Equal([5L, 6L],
            (await QueryAsync(new AuditEventQuery { FromSequence = 5, Limit = 2 })).Select(e => e.Event.Sequence));
        Assert.Empty(await QueryAsync(new AuditEventQuery { DocumentId = _first, Actions = ["registry.agency_registered"] }));
    }

    [Fact]
    public async Task Every_combination_of_filters_finds_the_events_matching_all_of_them_whichever_filter_drives_the_search()
    {
        var nine = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

        await AssertFindsAsync(new AuditEventQuery { Until = nine }, 0L, 1L, 2L, 3L);
        await AssertFindsAsync(new AuditEventQuery { Since = nine.AddHours(2) }, 6L, 7L);
        // Ranges holding every event from the first sequence asked for on (walked in sequence order rather than sorted).
        await AssertFindsAsync(new AuditEventQuery { Since = nine.AddHours(-1) }, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Since = nine.AddHours(1), FromSequence = 5 }, 5L, 6L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Since = nine.AddHours(-1), Until = nine.AddHours(3), FromSequence = 2, Limit = 3 }, 2L, 3L, 4L);
        await AssertFindsAsync(new AuditEventQuery { Since = nine.AddHours(-1), FromSequence = 8 });
        await AssertFindsAsync(new AuditEventQuery { DocumentId = _second, Agency = Finance.Value }, 5L);
        await AssertFindsAsync(new AuditEventQuery { DocumentId = _second, Agency = Tax.Value }, 5L, 6L);
        await AssertFindsAsync(new AuditEventQuery { DocumentId = _first, Since = nine.AddHours(2) }, 7L);
        await AssertFindsAsync(new AuditEventQuery { Agency = Finance.Value, Actions = ["status.posted"] }, 7L);
        await AssertFindsAsync(new AuditEventQuery { Agency = Finance.Value, Since = nine.AddHours(1) }, 5L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Agency = Tax.Value, Until = nine.AddHours(2) }, 5L);
        await AssertFindsAsync(new AuditEventQuery { Agency = Finance.Value, FromSequence = 5 }, 5L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Agency = Finance.Value, Limit = 2 }, 4L, 5L);
        await AssertFindsAsync(new AuditEventQuery { Actions = ["document.sent", "status.posted"], Since = nine.AddHours(1) }, 5L, 6L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Actions = ["status.posted", "document.sent"], Until = nine.AddHours(2), FromSequence = 5 }, 5L);
        await AssertFindsAsync(new AuditEventQuery { Actions = ["status.posted", "status.posted"] }, 6L, 7L);
        await AssertFindsAsync(new AuditEventQuery { Actions = ["status.posted"], Limit = 1 }, 6L);
        await AssertFindsAsync(new AuditEventQuery { Actions = ["document.sent", "status.posted"], Limit = 3 }, 4L, 5L, 6L);
        await AssertFindsAsync(new AuditEventQuery { Actions = [.. Enumerable.Range(0, 40).Select(i => $"none.{i}"), "status.posted"] }, 6L, 7L);
        await AssertFindsAsync(new AuditEventQuery { DocumentId = _second, Agency = Tax.Value, Actions = ["status.posted"], Until = nine.AddHours(3) }, 6L);
    }

    [Fact]
    public async Task Each_event_comes_with_its_exact_stored_leaf()
    {
        var rows = await _h.ReadEventRowsAsync();

        var events = await QueryAsync(new AuditEventQuery());

        Assert.Equal(rows.Select(r => r.Leaf), events.Select(e => e.Leaf));
        Assert.All(events, e => Assert.Null(e.Inclusion));
    }

    [Fact]
    public async Task Proofs_against_a_given_tree_size_verify_and_events_beyond_it_have_none()
    {
        await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);
        byte[] root = await _h.Audit.Log.GetRootAsync(6, CancellationToken.None);

        var events = await _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { FromSequence = 3 }, proofTreeSize: 6, CancellationToken.None);

        Assert.Equal([3L, 4L, 5L, 6L, 7L], events.Select(e => e.Event.Sequence));
        foreach (var entry in events.Where(e => e.Event.Sequence < 6))
        {
            Assert.NotNull(entry.Inclusion);
            Assert.Equal((entry.Event.Sequence, 6L), (entry.Inclusion!.LeafIndex, entry.Inclusion.TreeSize));
            var result = MerkleProofVerifier.VerifyInclusion(entry.Inclusion, MerkleHasher.HashLeaf(entry.Leaf), root);
            Assert.True(result.IsValid, result.FailureReason);
        }
        Assert.All(events.Where(e => e.Event.Sequence >= 6), e => Assert.Null(e.Inclusion));
    }

    [Fact]
    public async Task Proofs_against_size_zero_use_the_latest_checkpoint()
    {
        var checkpoint = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);

        var events = await _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { DocumentId = _second }, proofTreeSize: 0, CancellationToken.None);

        Assert.All(events, e =>
        {
            Assert.Equal(checkpoint.Checkpoint.TreeSize, e.Inclusion!.TreeSize);
            Assert.True(MerkleProofVerifier.VerifyInclusion(e.Inclusion, MerkleHasher.HashLeaf(e.Leaf), checkpoint.Checkpoint.RootHash).IsValid);
        });
    }

    [Fact]
    public async Task Proofs_against_a_tree_larger_than_the_log_are_refused()
    {
        await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery(), proofTreeSize: 9, CancellationToken.None));

        Assert.Contains("1 to 8 leaves", error.Message);
    }

    private async Task AssertFindsAsync(AuditEventQuery query, params long[] sequences) =>
        Assert.Equal(sequences, (await QueryAsync(query)).Select(e => e.Event.Sequence));

    private Task<IReadOnlyList<AuditEventEntry>> QueryAsync(AuditEventQuery query) =>
        _h.Audit.Trail.QueryEventsAsync(query, null, CancellationToken.None);
}

public sealed class SqliteAuditQueryTests() : AuditQueryTests(AuditEngine.Sqlite);

public sealed class PostgresAuditQueryTests() : AuditQueryTests(AuditEngine.Postgres);
