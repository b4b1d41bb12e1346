using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Trail;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Someone with write access to the database changes the trail with plain SQL; an export checked by the library's
/// offline verifier (and the server's own checks) must notice and name where.
/// </summary>
public abstract class AuditTamperTests(AuditEngine engine) : IAsyncLifetime
{
    private AuditHarness _h = null!;
    private SignedCheckpoint _checkpoint = null!;

    public async Task InitializeAsync()
    {
        _h = await AuditHarness.CreateAsync(engine);
        await _h.PopulateAsync();
        _checkpoint = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);
        Assert.Equal(7, _checkpoint.Checkpoint.TreeSize);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_untouched_trail_exports_and_verifies(bool includeProofs)
    {
        var report = await _h.ExportAndVerifyAsync(includeProofs);

        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        Assert.Equal(7, report.LeafCount);
        Assert.Equal(_checkpoint.Checkpoint, report.Checkpoint);
    }

    [Fact]
    public async Task A_changed_event_is_found_at_its_position()
    {
        var rows = await _h.ReadEventRowsAsync();
        var original = AuditEventEncoding.Decode(rows[4].Leaf);
        byte[] forged = AuditEventEncoding.Encode(original with { Recipients = ["000.00.00.H30"] });
        await _h.ExecuteSqlAsync("UPDATE audit_events SET leaf = @leaf WHERE sequence = 4", ("@leaf", forged));

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.Equal(4, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.inclusion").Passed);
        Assert.False(Check(report, "tree.root").Passed);
    }

    [Fact]
    public async Task A_deleted_event_is_found_at_its_position()
    {
        await _h.ExecuteSqlAsync("DELETE FROM audit_events WHERE sequence = 3");

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.Equal(3, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.sequence").Passed);
    }

    [Fact]
    public async Task A_deleted_event_is_found_at_its_position_even_without_proofs()
    {
        await _h.ExecuteSqlAsync("DELETE FROM audit_events WHERE sequence = 5");

        var report = await _h.ExportAndVerifyAsync(includeProofs: false);

        Assert.False(report.Passed);
        Assert.Equal(5, report.FirstBadPosition);
    }

    [Fact]
    public async Task Two_swapped_events_are_found_at_the_first_of_them()
    {
        await _h.ExecuteSqlAsync("""
            UPDATE audit_events SET sequence = -1 WHERE sequence = 2;
            UPDATE audit_events SET sequence = 2 WHERE sequence = 5;
            UPDATE audit_events SET sequence = 5 WHERE sequence = -1;
            """);

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.Equal(2, report.FirstBadPosition);
    }

    [Fact]
    public async Task Two_swapped_leaves_are_found_at_the_first_of_them()
    {
        await _h.ExecuteSqlAsync("""
            UPDATE audit_events SET leaf = CASE sequence
                WHEN 1 THEN (SELECT leaf FROM audit_events WHERE sequence = 6)
                ELSE (SELECT leaf FROM audit_events WHERE sequence = 1) END
            WHERE sequence IN (1, 6);
            """);

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.Equal(1, report.FirstBadPosition);
    }

    [Fact]
    public async Task An_inserted_event_is_found_at_its_position()
    {
        var rows = await _h.ReadEventRowsAsync();
        var neighbour = AuditEventEncoding.Decode(rows[4].Leaf);
        byte[] forged = AuditEventEncoding.Encode(neighbour with { Recipients = ["000.00.00.H30"], DocumentId = "forged" });
        // Make room at 4 by moving every later event one place up, then insert a well-formed event numbered 4.
        await _h.ExecuteSqlAsync("""
            UPDATE audit_events SET sequence = sequence + 1000 WHERE sequence >= 4;
            UPDATE audit_events SET sequence = sequence - 999 WHERE sequence >= 1000;
            INSERT INTO audit_events (sequence, occurred_at, actor_organ_id, actor_role, action, document_id, outcome, leaf)
            VALUES (4, 0, '', 'agency', 'document.sent', 'forged', 'ok', @leaf);
            """, ("@leaf", forged));

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.Equal(4, report.FirstBadPosition);
    }

    [Fact]
    public async Task A_document_index_changed_to_another_document_is_refused_on_read_naming_the_event_and_the_column()
    {
        var rows = await _h.ReadEventRowsAsync();
        string first = AuditEventEncoding.Decode(rows[4].Leaf).DocumentId;
        string second = AuditEventEncoding.Decode(rows[5].Leaf).DocumentId;
        await _h.ExecuteSqlAsync("UPDATE audit_events SET document_id = @id WHERE sequence = 5", ("@id", first));

        var refused = await Assert.ThrowsAsync<AuditIntegrityException>(
            () => _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { DocumentId = first }, null, CancellationToken.None));
        var omitted = await _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { DocumentId = second }, null, CancellationToken.None);

        Assert.Contains("event 5", refused.Message, StringComparison.Ordinal);
        Assert.Contains("document_id", refused.Message, StringComparison.Ordinal);
        Assert.Contains(second, refused.Message, StringComparison.Ordinal);
        // The index alone cannot reveal what it no longer points to: the auditor's scan of the leaves does (dx audit verify --online --document).
        Assert.Empty(omitted);
    }

    [Fact]
    public async Task An_agency_index_row_removed_or_added_is_refused_on_read()
    {
        await _h.ExecuteSqlAsync("DELETE FROM audit_event_agencies WHERE sequence = 5 AND agency_code = @code", ("@code", AuditHarness.Tax.Value));
        await _h.ExecuteSqlAsync("INSERT INTO audit_event_agencies (agency_code, sequence) VALUES (@code, 6)", ("@code", AuditHarness.Tax.Value));

        var removed = await Assert.ThrowsAsync<AuditIntegrityException>(
            () => _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { Agency = AuditHarness.Finance.Value }, null, CancellationToken.None));
        var added = await Assert.ThrowsAsync<AuditIntegrityException>(
            () => _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { Agency = AuditHarness.Tax.Value }, null, CancellationToken.None));

        Assert.Contains("event 5", removed.Message, StringComparison.Ordinal);
        Assert.Contains("event 6", added.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("action", "'status.posted'")]
    [InlineData("actor_organ_id", "'000.00.00.H30'")]
    [InlineData("actor_role", "'operator'")]
    [InlineData("outcome", "'denied'")]
    [InlineData("occurred_at", "occurred_at + 10")]
    public async Task Any_changed_index_column_is_refused_on_read(string column, string value)
    {
        await _h.ExecuteSqlAsync($"UPDATE audit_events SET {column} = {value} WHERE sequence = 6");

        var refused = await Assert.ThrowsAsync<AuditIntegrityException>(
            () => _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { Agency = AuditHarness.Sender.Value }, null, CancellationToken.None));
        var unfiltered = await _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery { FromSequence = 4 }, null, CancellationToken.None);

        Assert.Contains("event 6", refused.Message, StringComparison.Ordinal);
        Assert.Contains(column, refused.Message, StringComparison.Ordinal);
        // Without a filter the index plays no part: the answer is the leaves themselves, for an auditor to check.
        Assert.Equal([4L, 5L, 6L], unfiltered.Select(e => e.Event.Sequence));
    }

    [Fact]
    public async Task An_untouched_index_answers_every_query()
    {
        var all = await _h.Audit.Trail.QueryEventsAsync(new AuditEventQuery(), 7, CancellationToken.None);

        Assert.Equal(7, all.Count);
        Assert.All(all, e => Assert.NotNull(e.Inclusion));
    }

    [Fact]
    public async Task A_changed_merkle_node_on_the_root_path_contradicts_the_earlier_checkpoint()
    {
        // 7 leaves: the root is made of the complete subtrees (2,0), (1,2) and (0,6).
        await _h.ExecuteSqlAsync("UPDATE merkle_nodes SET hash = @hash WHERE level = 1 AND node_index = 2", ("@hash", new byte[32]));

        var check = await _h.Audit.Checkpoints.CheckAgainstLogAsync(_checkpoint, CancellationToken.None);
        var signing = await Assert.ThrowsAsync<AuditIntegrityException>(() => _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None));

        Assert.Equal(ForkStatus.Forked, check.Status);
        Assert.Contains("stored nodes were altered", signing.Message);
        Assert.Equal(1L, await _h.ScalarAsync("SELECT COUNT(*) FROM audit_checkpoints"));
    }

    [Fact]
    public async Task A_changed_merkle_node_inside_the_tree_makes_the_exported_proofs_fail()
    {
        await _h.ExecuteSqlAsync("UPDATE merkle_nodes SET hash = @hash WHERE level = 0 AND node_index = 2", ("@hash", new byte[32]));

        var report = await _h.ExportAndVerifyAsync(includeProofs: true);

        Assert.False(report.Passed);
        Assert.False(Check(report, "leaves.inclusion").Passed);
        Assert.True(Check(report, "tree.root").Passed);
    }

    [Fact]
    public async Task A_checkpoint_with_another_root_for_a_size_already_signed_is_detected_as_a_fork()
    {
        var forged = new CheckpointSigner(_h.Key).Sign(_checkpoint.Checkpoint.TreeSize, new byte[32], _h.Clock.GetUtcNow());

        var againstLog = await _h.Audit.Checkpoints.CheckAgainstLogAsync(forged, CancellationToken.None);
        var pairwise = CheckpointForkDetector.Compare(_checkpoint.Checkpoint, forged.Checkpoint, null);
        var storing = await Assert.ThrowsAsync<AuditIntegrityException>(() => _h.Storage.Checkpoints.SaveAsync(forged, CancellationToken.None));

        Assert.Equal(ForkStatus.Forked, againstLog.Status);
        Assert.Equal(ForkStatus.Forked, pairwise.Status);
        Assert.Contains("Fork", storing.Message);
        Assert.Equal(_checkpoint.Body, (await _h.Audit.Checkpoints.GetLatestAsync(CancellationToken.None))!.Body);
        Assert.Equal(1L, await _h.ScalarAsync("SELECT COUNT(*) FROM audit_checkpoints"));
    }

    [Fact]
    public async Task A_checkpoint_claiming_more_leaves_than_the_log_has_is_a_fork()
    {
        var forged = new CheckpointSigner(_h.Key).Sign(100, new byte[32], _h.Clock.GetUtcNow());

        var check = await _h.Audit.Checkpoints.CheckAgainstLogAsync(forged, CancellationToken.None);

        Assert.Equal(ForkStatus.Forked, check.Status);
        Assert.Contains("only 7", check.Message);
    }

    [Fact]
    public async Task The_log_s_own_checkpoint_is_consistent_with_it()
    {
        var check = await _h.Audit.Checkpoints.CheckAgainstLogAsync(_checkpoint, CancellationToken.None);

        Assert.Equal(ForkStatus.Consistent, check.Status);
    }

    private static AuditCheck Check(AuditVerificationReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);
}

public sealed class SqliteAuditTamperTests() : AuditTamperTests(AuditEngine.Sqlite);

public sealed class PostgresAuditTamperTests() : AuditTamperTests(AuditEngine.Postgres);
