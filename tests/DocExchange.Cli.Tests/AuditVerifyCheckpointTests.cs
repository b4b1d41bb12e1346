using System.Text.Json;

namespace DocExchange.Cli.Tests;

public sealed class AuditVerifyCheckpointTests : IClassFixture<AuditScenario>, IDisposable
{
    private readonly AuditScenario _trail;
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public AuditVerifyCheckpointTests(AuditScenario trail)
    {
        _trail = trail;
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    private static JsonElement CheckNamed(JsonElement verdict, string name) =>
        Assert.Single(verdict.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Older_and_newer_checkpoints_with_their_consistency_proof_pass()
    {
        var result = await _dx.RunAsync("audit", "verify", "--checkpoint", _trail.OldCheckpoint, "--checkpoint", _trail.NewCheckpoint,
            "--consistency", _trail.Consistency, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Stdout.Split('\n'), line => line.Contains("checkpoints.consistency", StringComparison.Ordinal) && line.Contains('✓'));
        Assert.DoesNotContain("✗", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forked_checkpoint_fails_the_consistency_check_with_exit_1()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.OldCheckpoint, "--checkpoint", _trail.ForkedCheckpoint,
            "--consistency", _trail.ForkedConsistency, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        var verdict = result.Json();
        Assert.All(verdict.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString() == "checkpoint.signature"),
            c => Assert.True(c.GetProperty("passed").GetBoolean()));
        var consistency = CheckNamed(verdict, "checkpoints.consistency");
        Assert.False(consistency.GetProperty("passed").GetBoolean());
        Assert.StartsWith("Fork", consistency.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_checkpoints_of_one_size_with_different_roots_are_a_fork()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.NewCheckpoint, "--checkpoint", _trail.ForkedCheckpoint,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("different roots", CheckNamed(result.Json(), "checkpoints.consistency").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_of_different_sizes_without_a_proof_cannot_pass()
    {
        var result = await _dx.RunAsync("audit", "verify", "--checkpoint", _trail.OldCheckpoint, "--checkpoint", _trail.NewCheckpoint,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--consistency", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_checkpoint_is_compared_with_a_checkpoint_kept_earlier()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--export", _trail.Export, "--checkpoint", _trail.OldCheckpoint,
            "--consistency", _trail.Consistency, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(CheckNamed(result.Json(), "checkpoints.consistency").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Inclusion_proof_of_an_event_in_a_checkpoint_passes()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.NewCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        var verdict = result.Json();
        Assert.True(CheckNamed(verdict, "inclusion.proof").GetProperty("passed").GetBoolean());
        Assert.Contains("doc-4", CheckNamed(verdict, "inclusion.leaf").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inclusion_proof_of_a_changed_event_fails_and_names_its_position()
    {
        string changed = _home.File("inclusion-changed.json");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(_trail.Inclusion)).Replace("\"doc-4\"", "\"doc-Y\"", StringComparison.Ordinal));

        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.NewCheckpoint, "--inclusion", changed,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        var verdict = result.Json();
        Assert.False(CheckNamed(verdict, "inclusion.proof").GetProperty("passed").GetBoolean());
        Assert.Equal(AuditScenario.IncludedLeaf, verdict.GetProperty("firstBadPosition").GetInt64());
    }

    [Fact]
    public async Task Inclusion_proof_for_another_tree_size_than_the_checkpoints_fails()
    {
        var result = await _dx.RunAsync("audit", "verify", "--checkpoint", _trail.OldCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("no trusted checkpoint has that size", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consistency_proof_with_a_single_checkpoint_is_a_usage_error()
    {
        var result = await _dx.RunAsync("audit", "verify", "--checkpoint", _trail.NewCheckpoint, "--consistency", _trail.Consistency,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--consistency needs two checkpoints", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_checkpoint_file_is_rejected_with_a_message_naming_it()
    {
        string broken = _home.File("broken-checkpoint.json");
        await File.WriteAllTextAsync(broken, "{\"format\":\"docexchange-audit-checkpoint\",\"version\":1,\"treeSize\":\"ten\"}");

        var result = await _dx.RunAsync("audit", "verify", "--checkpoint", broken, "--checkpoint", _trail.NewCheckpoint, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{broken} is not a valid docexchange-audit-checkpoint file", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }
}
