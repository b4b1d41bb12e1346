using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocExchange.Client;

namespace DocExchange.Cli.Tests;

/// <summary>dx audit query, export, key and verify (offline and --online) against the real server's log, as processes.</summary>
public sealed class AuditCommandTests : IClassFixture<LiveServer>, IDisposable
{
    /// <summary>JSON as an export line spells it: base64 '+' unescaped (docs/AUDIT-FORMAT.md §3).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExactSpelling = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly LiveServer _server;
    private readonly TempDirectory _temp = new();
    private readonly DxRunner _auditor;

    public AuditCommandTests(LiveServer server)
    {
        _server = server;
        _auditor = server.Dx(_temp, "auditor.pfx");
    }

    public void Dispose() => _temp.Dispose();

    private async Task<string> SendAsync(string number)
    {
        var sent = await _server.Client(_server.AgencyCertificate(LiveServer.G22)).SendAsync(new OutgoingDocumentBuilder()
            .Metadata(m => m.To(LiveServer.H41).Code(number, "VPCP-TTĐT").Subject($"Công văn số {number}").Type(1, "Công văn"))
            .MainDocument(SamplePdf.Create($"Cong van {number}"), $"congvan-{number}.pdf"));
        return sent.DocumentId;
    }

    private async Task<string> PinnedKeyAsync()
    {
        string key = _temp.File("audit-key.pem");
        var result = await _auditor.RunAsync("audit", "key", "-o", key);
        Assert.True(result.ExitCode == 0, result.ToString());
        return key;
    }

    private string OtherKey()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string path = _temp.File("other-key.pem");
        File.WriteAllText(path, other.ExportSubjectPublicKeyInfoPem());
        return path;
    }

    [Fact]
    public async Task Query_after_a_send_shows_the_document_sent_event_in_the_table_and_in_json()
    {
        string documentId = await SendAsync("201");

        var table = await _auditor.RunAsync("audit", "query", "--document", documentId);
        var json = await _auditor.RunAsync("audit", "query", "--agency", LiveServer.H41, "--action", "document.sent", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Single(table.Stdout.Split('\n'), l => l.Contains("document.sent", StringComparison.Ordinal) && l.Contains(LiveServer.G22, StringComparison.Ordinal));
        Assert.Contains("1 event(s).", table.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var sent = Assert.Single(json.Json().EnumerateArray(), e => e.GetProperty("documentId").GetString() == documentId);
        Assert.Equal("document.sent", sent.GetProperty("action").GetString());
        Assert.Equal(LiveServer.G22, sent.GetProperty("actor").GetProperty("organId").GetString());
        Assert.Equal(LiveServer.H41, Assert.Single(sent.GetProperty("recipients").EnumerateArray()).GetString());
        Assert.Equal("ok", sent.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Query_by_an_agency_is_refused_by_the_server_with_exit_1()
    {
        var agency = _server.Dx(_temp, _server.AgencyCertificate(LiveServer.G22));

        var result = await agency.RunAsync("audit", "query");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("PERMISSION_DENIED", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_then_offline_verify_of_the_export_passes_with_exit_0()
    {
        await SendAsync("202");
        string key = await PinnedKeyAsync();
        string export = _temp.File("audit.jsonl");

        var exported = await _auditor.RunAsync("audit", "export", "-o", export);
        var verified = await new DxRunner(_temp.File("offline.json")).RunAsync("audit", "verify", "--export", export, "--key", key);

        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("Verified: all 8 checks passed.", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains(verified.Stdout.Split('\n'), l => l.Contains("leaves.inclusion", StringComparison.Ordinal) && l.Contains('✓'));
    }

    [Fact]
    public async Task Key_command_warns_that_the_key_must_be_confirmed_out_of_band_and_prints_its_id()
    {
        string key = _temp.File("key.pem");

        var result = await _auditor.RunAsync("audit", "key", "-o", key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("out of band", result.Stdout, StringComparison.Ordinal);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(await File.ReadAllTextAsync(key));
        string keyId = Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()));
        Assert.Contains(keyId, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_verify_with_the_pinned_key_passes_and_checks_the_documents_events_and_a_kept_checkpoint()
    {
        string key = await PinnedKeyAsync();
        string documentId = await SendAsync("203");
        string kept = _temp.File("kept-checkpoint.json");

        var first = await _auditor.RunAsync("audit", "verify", "--online", "--key", key, "--save-checkpoint", kept);
        await SendAsync("204");
        var second = await _auditor.RunAsync("audit", "verify", "--online", "--key", key, "--checkpoint", kept, "--document", documentId, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(kept));
        Assert.True(second.ExitCode == 0, second.ToString());
        var checks = second.Json().GetProperty("checks").EnumerateArray().ToArray();
        Assert.All(checks, c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
        string[] names = checks.Select(c => c.GetProperty("name").GetString()!).ToArray();
        Assert.Contains("log.key", names);
        Assert.Contains("checkpoints.consistency", names);
        Assert.Contains("inclusion.document", names);
        Assert.Contains("inclusion.proof", names);
        var consistency = Assert.Single(checks, c => c.GetProperty("name").GetString() == "checkpoints.consistency");
        Assert.Contains("is a prefix of the tree", consistency.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proof_commands_write_the_files_the_format_describes_and_offline_verify_checks_them()
    {
        string key = await PinnedKeyAsync();
        await SendAsync("209");
        string inclusion = _temp.File("inclusion-proof.json"), first = _temp.File("proof-checkpoint-1.json");
        string consistency = _temp.File("consistency-proof.json"), second = _temp.File("proof-checkpoint-2.json");

        var included = await _auditor.RunAsync("audit", "proof", "inclusion", "--sequence", "1", "-o", inclusion, "--save-checkpoint", first);
        await SendAsync("210");
        var extended = await _auditor.RunAsync("audit", "proof", "consistency", "--from", first, "-o", consistency, "--save-checkpoint", second);
        var offline = new DxRunner(_temp.File("offline-proofs.json"));
        var inclusionVerified = await offline.RunAsync("--json", "audit", "verify", "--checkpoint", first, "--inclusion", inclusion, "--key", key);
        var consistencyVerified = await offline.RunAsync("--json", "audit", "verify", "--checkpoint", first, "--checkpoint", second, "--consistency", consistency, "--key", key);

        Assert.True(included.ExitCode == 0, included.ToString());
        Assert.True(extended.ExitCode == 0, extended.ToString());
        Assert.Contains("not verified yet", included.Stdout, StringComparison.Ordinal);
        var proofJson = JsonNode.Parse(await File.ReadAllTextAsync(inclusion))!;
        Assert.Equal("docexchange-audit-inclusion-proof", proofJson["format"]!.GetValue<string>());
        Assert.Equal(1, proofJson["leafIndex"]!.GetValue<long>());
        Assert.Equal("docexchange-audit-consistency-proof", JsonNode.Parse(await File.ReadAllTextAsync(consistency))!["format"]!.GetValue<string>());
        Assert.True(inclusionVerified.ExitCode == 0, inclusionVerified.ToString());
        Assert.Contains("Leaf 1 is included in the tree", inclusionVerified.Stdout, StringComparison.Ordinal);
        Assert.True(consistencyVerified.ExitCode == 0, consistencyVerified.ToString());
        Assert.Contains("is a prefix of the tree", consistencyVerified.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_verify_with_a_wrong_key_exits_1()
    {
        await SendAsync("205");

        var result = await _auditor.RunAsync("audit", "verify", "--online", "--key", OtherKey());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("checkpoint.signature", StringComparison.Ordinal) && l.Contains('✗'));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("log.key", StringComparison.Ordinal) && l.Contains('✗'));
        Assert.Contains("Verification FAILED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_verify_fails_when_the_kept_checkpoint_was_altered_to_claim_a_larger_log()
    {
        string key = await PinnedKeyAsync();
        string kept = _temp.File("forged-checkpoint.json");
        var saved = await _auditor.RunAsync("audit", "verify", "--online", "--key", key, "--save-checkpoint", kept);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        string text = await File.ReadAllTextAsync(kept);
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        json["treeSize"] = json["treeSize"]!.GetValue<long>() + 1000;
        await File.WriteAllTextAsync(kept, json.ToJsonString());

        var result = await _auditor.RunAsync("audit", "verify", "--online", "--key", key, "--checkpoint", kept);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("checkpoint.signature", StringComparison.Ordinal) && l.Contains("forged-checkpoint.json", StringComparison.Ordinal) && l.Contains('✗'));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("checkpoints.order", StringComparison.Ordinal) && l.Contains('✗'));
    }

    private string TsaRoot => _server.Pki("signing/root-ca.crt");

    private static JsonElement[] TimestampChecks(JsonElement verdict) =>
        verdict.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString() == "checkpoint.timestamp").ToArray();

    /// <summary>The token (base64) with one byte flipped inside the TSA's signature value.</summary>
    private static string Tampered(string token)
    {
        byte[] bytes = Convert.FromBase64String(token);
        bytes[^3] ^= 0x55;
        return Convert.ToBase64String(bytes);
    }

    [Fact]
    public async Task Export_carries_the_servers_timestamp_token_which_offline_verify_checks_against_the_tsa_root_and_a_tampered_one_fails()
    {
        await SendAsync("206");
        string key = await PinnedKeyAsync();
        string export = _temp.File("timestamped-audit.jsonl");
        var exported = await _auditor.RunAsync("audit", "export", "-o", export);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var offline = new DxRunner(_temp.File("offline-ts.json"));

        var verified = await offline.RunAsync("--json", "audit", "verify", "--export", export, "--key", key, "--tsa-root", TsaRoot, "--require-timestamp");

        Assert.True(verified.ExitCode == 0, verified.ToString());
        var check = Assert.Single(TimestampChecks(verified.Json()));
        Assert.True(check.GetProperty("passed").GetBoolean(), check.ToString());
        Assert.Contains("existed by", check.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("DocExchange Sample TSA", check.GetProperty("message").GetString(), StringComparison.Ordinal);

        string[] lines = (await File.ReadAllTextAsync(export)).TrimEnd('\n').Split('\n');
        var header = JsonNode.Parse(lines[0])!;
        header["checkpoint"]!["timestampToken"] = Tampered(header["checkpoint"]!["timestampToken"]!.GetValue<string>());
        string tampered = _temp.File("tampered-token-audit.jsonl");
        await File.WriteAllTextAsync(tampered, string.Join('\n', [header.ToJsonString(ExactSpelling), .. lines.Skip(1)]) + "\n");

        var refused = await offline.RunAsync("--json", "audit", "verify", "--export", tampered, "--key", key, "--tsa-root", TsaRoot);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        var failed = Assert.Single(TimestampChecks(refused.Json()));
        Assert.False(failed.GetProperty("passed").GetBoolean());
        Assert.Contains("does not prove the checkpoint's time", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_verify_saves_the_checkpoint_with_its_token_and_checks_that_token_when_it_is_the_earlier_checkpoint()
    {
        string key = await PinnedKeyAsync();
        await SendAsync("207");
        string kept = _temp.File("kept-timestamped.json");

        var first = await _auditor.RunAsync("audit", "verify", "--online", "--key", key, "--tsa-root", TsaRoot, "--require-timestamp", "--save-checkpoint", kept);
        Assert.True(first.ExitCode == 0, first.ToString());
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(kept))!;
        Assert.NotNull(saved["timestampToken"]);
        await SendAsync("208");

        var second = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", key, "--checkpoint", kept, "--tsa-root", TsaRoot, "--require-timestamp");

        Assert.True(second.ExitCode == 0, second.ToString());
        var checks = TimestampChecks(second.Json());
        Assert.Equal(new[] { "kept-timestamped.json", "server" }, checks.Select(c => c.GetProperty("subject").GetString()!).Order().ToArray());
        Assert.All(checks, c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
        Assert.All(checks, c => Assert.Contains("existed by", c.GetProperty("message").GetString(), StringComparison.Ordinal));

        saved["timestampToken"] = Tampered(saved["timestampToken"]!.GetValue<string>());
        string tampered = _temp.File("kept-tampered-token.json");
        await File.WriteAllTextAsync(tampered, saved.ToJsonString());

        var refused = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", key, "--checkpoint", tampered, "--tsa-root", TsaRoot);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        var keptCheck = Assert.Single(TimestampChecks(refused.Json()), c => c.GetProperty("subject").GetString() == "kept-tampered-token.json");
        Assert.False(keptCheck.GetProperty("passed").GetBoolean());
        Assert.Contains("does not prove the checkpoint's time", keptCheck.GetProperty("message").GetString(), StringComparison.Ordinal);
        var serverCheck = Assert.Single(TimestampChecks(refused.Json()), c => c.GetProperty("subject").GetString() == "server");
        Assert.True(serverCheck.GetProperty("passed").GetBoolean(), serverCheck.ToString());
    }
}
