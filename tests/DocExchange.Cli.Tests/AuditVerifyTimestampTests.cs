using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Cli.Tests;

/// <summary><c>dx audit verify</c> on checkpoint files and exports carrying (or lacking) an RFC 3161 timestamp.</summary>
public sealed class AuditVerifyTimestampTests : IClassFixture<AuditScenario>, IDisposable
{
    /// <summary>JSON as an export line spells it: base64 '+' unescaped (docs/AUDIT-FORMAT.md §3).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExactSpelling = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AuditScenario _trail;
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public AuditVerifyTimestampTests(AuditScenario trail)
    {
        _trail = trail;
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    private static JsonElement TimestampCheck(JsonElement verdict) =>
        Assert.Single(verdict.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "checkpoint.timestamp");

    [Fact]
    public async Task Timestamped_checkpoint_verifies_against_its_tsa_root_and_reports_the_proven_time()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.TimestampedCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey, "--tsa-root", _trail.TsaRoot, "--require-timestamp");

        Assert.True(result.ExitCode == 0, result.ToString());
        var check = TimestampCheck(result.Json());
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.Contains("existed by", check.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Auditor Test TSA", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamped_checkpoint_fails_against_another_tsa_root()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.TimestampedCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey, "--tsa-root", _trail.OtherTsaRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        var check = TimestampCheck(result.Json());
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Contains("trusted TSA root", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_without_a_token_says_no_timestamp_and_passes_unless_one_is_required()
    {
        string[] common = ["--json", "audit", "verify", "--checkpoint", _trail.NewCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey, "--tsa-root", _trail.TsaRoot];

        var lenient = await _dx.RunAsync(common);
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        var check = TimestampCheck(lenient.Json());
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.StartsWith("No timestamp", check.GetProperty("message").GetString(), StringComparison.Ordinal);

        var strict = await _dx.RunAsync([.. common, "--require-timestamp"]);
        Assert.True(strict.ExitCode == 1, strict.ToString());
        Assert.False(TimestampCheck(strict.Json()).GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Tampered_body_is_caught_by_the_timestamp_as_well_as_the_signature()
    {
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(_trail.TimestampedCheckpoint))!;
        byte[] body = document["body"].GetBytesFromBase64();
        body[^3] ^= 0x01; // the last digit of the time: "0" becomes "1"
        var tampered = document.ToDictionary(p => p.Key, p => (object)p.Value);
        tampered["body"] = Convert.ToBase64String(body);
        string path = _home.File("tampered-checkpoint.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(tampered));

        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", path, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey, "--tsa-root", _trail.TsaRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        var check = TimestampCheck(result.Json());
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Contains("message imprint", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamped_export_verifies_against_its_tsa_root_with_the_proven_time_and_the_saved_checkpoint_keeps_the_token()
    {
        string saved = _home.File("saved-from-export.json");

        var result = await _dx.RunAsync("--json", "audit", "verify", "--export", _trail.TimestampedExport, "--key", _trail.PublicKey,
            "--tsa-root", _trail.TsaRoot, "--require-timestamp", "--save-checkpoint", saved);

        Assert.True(result.ExitCode == 0, result.ToString());
        var check = TimestampCheck(result.Json());
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.Equal("timestamped-export.jsonl", check.GetProperty("subject").GetString());
        // RFC 3161 §2.4.2: genTime is only accurate to within its accuracy, so the proven bound is genTime + accuracy.
        var info = TimestampToken.Decode(_trail.TimestampToken).Info;
        var latest = info.GenerationTime.UtcDateTime.AddTicks(info.AccuracyMicroseconds!.Value * 10);
        Assert.Contains($"existed by {latest.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)} at the latest", check.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"genTime {info.GenerationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)}", check.GetProperty("message").GetString(), StringComparison.Ordinal);
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(saved))!;
        Assert.Equal(Convert.ToBase64String(_trail.TimestampToken), kept["timestampToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_issued_for_another_checkpoint_is_refused_even_without_a_tsa_root()
    {
        // The older checkpoint, carrying the token the TSA issued for the newest one's body.
        var older = JsonNode.Parse(await File.ReadAllTextAsync(_trail.OldCheckpoint))!;
        older["timestampToken"] = Convert.ToBase64String(_trail.TimestampToken);
        string foreign = _home.File("old-with-foreign-token.json");
        await File.WriteAllTextAsync(foreign, older.ToJsonString());

        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", foreign, "--checkpoint", _trail.NewCheckpoint,
            "--consistency", _trail.Consistency, "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        var check = Assert.Single(result.Json().GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "checkpoint.timestamp" && c.GetProperty("subject").GetString() == "old-with-foreign-token.json");
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Contains("message imprint", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_tsa_root_a_matching_token_is_reported_as_covering_the_body_but_its_signer_unchecked()
    {
        var result = await _dx.RunAsync("--json", "audit", "verify", "--checkpoint", _trail.TimestampedCheckpoint, "--inclusion", _trail.Inclusion,
            "--key", _trail.PublicKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        var check = TimestampCheck(result.Json());
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.Contains("covers this checkpoint's body", check.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("not checked", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_with_a_tampered_token_is_reported_as_failed()
    {
        var header = JsonNode.Parse(_trail.ExportLines[0])!;
        byte[] token = _trail.TimestampToken.ToArray();
        token[^3] ^= 0x55; // inside the TSA's signature value
        header["checkpoint"]!["timestampToken"] = Convert.ToBase64String(token);
        string export = _trail.WriteExport("tampered-token-export.jsonl", [header.ToJsonString(ExactSpelling), .. _trail.ExportLines.Skip(1)]);

        var result = await _dx.RunAsync("audit", "verify", "--export", export, "--key", _trail.PublicKey, "--tsa-root", _trail.TsaRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("checkpoint.timestamp", StringComparison.Ordinal) && l.Contains('✗'));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("tree.root", StringComparison.Ordinal) && l.Contains('✓'));
        Assert.Contains("Verification FAILED: 1 of", result.Stdout, StringComparison.Ordinal);
    }
}
