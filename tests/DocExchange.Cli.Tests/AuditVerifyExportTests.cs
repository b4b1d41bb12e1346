using System.Text.Json;

namespace DocExchange.Cli.Tests;

public sealed class AuditVerifyExportTests : IClassFixture<AuditScenario>, IDisposable
{
    private readonly AuditScenario _trail;
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public AuditVerifyExportTests(AuditScenario trail)
    {
        _trail = trail;
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    private static JsonElement CheckNamed(JsonElement verdict, string name) =>
        Assert.Single(verdict.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == name);

    /// <summary>The export with leaf <paramref name="index"/>'s line replaced by <paramref name="change"/> of it.</summary>
    private string ExportWithLeaf(int index, Func<string, string?> change, string name)
    {
        var lines = _trail.ExportLines.ToList();
        string? changed = change(lines[index + 1]);
        if (changed is null)
        {
            lines.RemoveAt(index + 1);
        }
        else
        {
            Assert.NotEqual(lines[index + 1], changed);
            lines[index + 1] = changed;
        }
        return _trail.WriteExport(name, lines);
    }

    [Fact]
    public async Task Good_export_passes_every_check_with_exit_0_and_check_marks()
    {
        var result = await _dx.RunAsync("audit", "verify", "--export", _trail.Export, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string check in new[] { "export.header", "checkpoint.signature", "leaves.encoding", "leaves.sequence", "leaves.count", "leaves.inclusion", "tree.root" })
        {
            Assert.Contains(result.Stdout.Split('\n'), line => line.Contains(check, StringComparison.Ordinal) && line.Contains('✓'));
        }
        Assert.DoesNotContain("✗", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verified: all 8 checks passed.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_export_with_json_prints_a_passing_report()
    {
        var result = await _dx.RunAsync("audit", "verify", "--export", _trail.Export, "--key", _trail.PublicKey, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var verdict = result.Json();
        Assert.True(verdict.GetProperty("passed").GetBoolean());
        Assert.Equal(AuditScenario.EventCount, verdict.GetProperty("leafCount").GetInt64());
        Assert.All(verdict.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
        var checkpoint = Assert.Single(verdict.GetProperty("checkpoints").EnumerateArray());
        Assert.Equal(AuditScenario.EventCount, checkpoint.GetProperty("treeSize").GetInt64());
        Assert.True(checkpoint.GetProperty("signatureValid").GetBoolean());
        Assert.False(verdict.TryGetProperty("firstBadPosition", out _));
    }

    [Fact]
    public async Task Changed_leaf_fails_with_exit_1_and_names_the_first_bad_position()
    {
        string tampered = ExportWithLeaf(3, line => line.Replace("\"doc-3\"", "\"doc-X\"", StringComparison.Ordinal), "changed-leaf.jsonl");

        var result = await _dx.RunAsync("audit", "verify", "--export", tampered, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("First bad position: leaf 3.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(result.Stdout.Split('\n'), line => line.Contains("tree.root", StringComparison.Ordinal) && line.Contains('✗'));
        Assert.Contains("Verification FAILED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_leaf_with_json_reports_first_bad_position_and_failed_checks()
    {
        string tampered = ExportWithLeaf(3, line => line.Replace("\"doc-3\"", "\"doc-X\"", StringComparison.Ordinal), "changed-leaf-json.jsonl");

        var result = await _dx.RunAsync("--json", "audit", "verify", "--export", tampered, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        var verdict = result.Json();
        Assert.False(verdict.GetProperty("passed").GetBoolean());
        Assert.Equal(3, verdict.GetProperty("firstBadPosition").GetInt64());
        Assert.False(CheckNamed(verdict, "leaves.inclusion").GetProperty("passed").GetBoolean());
        Assert.False(CheckNamed(verdict, "tree.root").GetProperty("passed").GetBoolean());
        Assert.True(CheckNamed(verdict, "checkpoint.signature").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Deleted_leaf_names_its_position_as_the_first_bad_one()
    {
        string tampered = ExportWithLeaf(5, _ => null, "deleted-leaf.jsonl");

        var result = await _dx.RunAsync("--json", "audit", "verify", "--export", tampered, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(5, result.Json().GetProperty("firstBadPosition").GetInt64());
    }

    [Fact]
    public async Task Wrong_key_fails_the_signature_check_with_exit_1()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--export", _trail.Export, "--key", _trail.OtherPublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        var signature = CheckNamed(result.Json(), "checkpoint.signature");
        Assert.False(signature.GetProperty("passed").GetBoolean());
        Assert.Contains("trusted audit key", signature.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_export_file_is_a_usage_error_naming_the_file()
    {
        string missing = _home.File("no-such-export.jsonl");

        var result = await _dx.RunAsync("audit", "verify", "--export", missing, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--export: file '{missing}' does not exist.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Key_file_without_a_public_key_is_a_usage_error()
    {
        string notAKey = _home.File("not-a-key.pem");
        await File.WriteAllTextAsync(notAKey, "hello");

        var result = await _dx.RunAsync("audit", "verify", "--export", _trail.Export, "--key", notAKey);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--key: {notAKey} is not an ECDSA P-256 public key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_required_key_the_command_is_a_usage_error()
    {
        var result = await _dx.RunAsync("audit", "verify", "--export", _trail.Export);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'dx audit verify --help' for usage.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_checkpoint_of_a_verified_export_is_later_consistent_with_an_older_one()
    {
        string saved = _home.File("kept.json");

        var first = await _dx.RunAsync("audit", "verify", "--export", _trail.Export, "--key", _trail.PublicKey, "--save-checkpoint", saved);
        Assert.True(first.ExitCode == 0, first.ToString());
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(saved)))
        {
            Assert.Equal("docexchange-audit-checkpoint", document.RootElement.GetProperty("format").GetString());
            Assert.Equal(AuditScenario.EventCount, document.RootElement.GetProperty("treeSize").GetInt64());
        }

        var later = await _dx.RunAsync("audit", "verify", "--checkpoint", _trail.OldCheckpoint, "--checkpoint", saved,
            "--consistency", _trail.Consistency, "--key", _trail.PublicKey);
        Assert.True(later.ExitCode == 0, later.ToString());
    }

    [Fact]
    public async Task Failed_export_does_not_save_its_checkpoint()
    {
        string saved = _home.File("not-kept.json");

        var result = await _dx.RunAsync("audit", "verify", "--export", _trail.Export, "--key", _trail.OtherPublicKey, "--save-checkpoint", saved);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(File.Exists(saved));
    }
}
