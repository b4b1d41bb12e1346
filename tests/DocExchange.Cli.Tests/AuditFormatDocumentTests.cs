using System.Text;
using System.Text.RegularExpressions;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Core.Auditing;

namespace DocExchange.Cli.Tests;

/// <summary>
/// docs/AUDIT-FORMAT.md and the code agree: every block the document marks <c>&lt;!-- example: NAME --&gt;</c> is
/// extracted as written and checked with the real decoder and the real <c>dx audit verify</c>, with the document's key.
/// </summary>
public sealed partial class AuditFormatDocumentTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;
    private readonly Dictionary<string, string> _examples;

    public AuditFormatDocumentTests()
    {
        _dx = new DxRunner(_home.File("dx.json"));
        string document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "AUDIT-FORMAT.md"));
        _examples = ExampleBlock().Matches(document).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["content"].Value);
    }

    public void Dispose() => _home.Dispose();

    [GeneratedRegex(@"<!-- example: (?<name>[a-z-]+) -->\n```[a-z]*\n(?<content>.*?)\n```\n", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    private string Example(string name) => _examples.TryGetValue(name, out var text) ? text : throw new Xunit.Sdk.XunitException($"docs/AUDIT-FORMAT.md has no example '{name}'");

    private string Write(string name, string fileName, string suffix = "")
    {
        string path = _home.File(fileName);
        File.WriteAllText(path, Example(name) + suffix, new UTF8Encoding(false));
        return path;
    }

    private string Key => Write("key", "key.pem", "\n");

    [Fact]
    public void The_document_has_every_example()
    {
        Assert.Equal(
            ["body", "checkpoint-new", "checkpoint-old", "consistency", "detail", "export", "inclusion", "key", "leaf"],
            _examples.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_leaf_example_is_canonical_and_is_leaf_1_of_the_export_and_of_the_inclusion_proof()
    {
        byte[] leaf = Encoding.UTF8.GetBytes(Example("leaf"));

        Assert.True(AuditEventEncoding.TryDecode(leaf, out var decoded, out string? error), error);
        Assert.Equal(leaf, AuditEventEncoding.Encode(decoded));
        Assert.Equal(1, decoded.Sequence);
        Assert.StartsWith("{\"leaf\":" + Example("leaf") + ",\"inclusion\":[", Example("export").Split('\n')[2], StringComparison.Ordinal);
        Assert.Contains("\"leaf\":" + Example("leaf") + ",\"hashes\":", Example("inclusion"), StringComparison.Ordinal);
        Assert.Equal(
            [new KeyValuePair<string, string?>("type", "New"), new KeyValuePair<string, string?>("validation", "signatures=1;passed=1;policy=satisfied")],
            AuditDetail.Parse(decoded.Detail));
    }

    [Fact]
    public void The_body_example_is_the_signed_body_of_the_newer_checkpoint()
    {
        byte[] body = Encoding.ASCII.GetBytes(Example("body") + "\n");
        var newer = System.Text.Json.JsonDocument.Parse(Example("checkpoint-new")).RootElement;

        Assert.True(Checkpoint.TryParseBody(body, out var checkpoint, out string? error), error);
        Assert.Equal(body, newer.GetProperty("body").GetBytesFromBase64());
        Assert.Equal(newer.GetProperty("treeSize").GetInt64(), checkpoint.TreeSize);
    }

    [Fact]
    public void The_detail_example_parses_to_the_items_the_document_names()
    {
        Assert.Equal(
            [new KeyValuePair<string, string?>("agency", "000.00.00.H30"), new KeyValuePair<string, string?>("reason", "sáp nhập;reactivated 100%")],
            AuditDetail.Parse(Example("detail")));
    }

    [Fact]
    public async Task The_export_example_verifies_with_the_document_s_key()
    {
        var result = await _dx.RunAsync("audit", "verify", "--export", Write("export", "export.jsonl", "\n"), "--key", Key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Verified: all 8 checks passed.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_checkpoint_examples_are_connected_by_the_consistency_example()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", Write("checkpoint-old", "old.json"), "--checkpoint", Write("checkpoint-new", "new.json"),
            "--consistency", Write("consistency", "consistency.json"), "--key", Key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("is a prefix of the tree of size 4", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inclusion_example_proves_leaf_1_in_the_newer_checkpoint()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", Write("checkpoint-new", "new.json"), "--inclusion", Write("inclusion", "inclusion.json"), "--key", Key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Leaf 1 is included in the tree of size 4", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_of_equal_size_are_consistent_without_a_proof_when_their_roots_are_equal()
    {
        // RFC 9162 §2.1.4: between equal sizes the proof is empty and the roots must be equal.
        var equal = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", Write("checkpoint-new", "a.json"), "--checkpoint", Write("checkpoint-new", "b.json"), "--key", Key);

        Assert.True(equal.ExitCode == 0, equal.ToString());
        Assert.Contains("Both checkpoints have size 4 and the same root", equal.Stdout, StringComparison.Ordinal);
    }
}
