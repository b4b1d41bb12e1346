using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Audit.Tests;

/// <summary>
/// An export whose checkpoint carries an RFC 3161 token (docs/AUDIT-FORMAT.md §3 and §7): the token is in the header,
/// and the offline verifier checks it (imprint over the signed body, TSA signature, chain to the auditor's TSA root).
/// </summary>
public sealed class AuditExportTimestampTests : IDisposable
{
    /// <summary>JSON as an export line spells it: base64 '+' unescaped (docs/AUDIT-FORMAT.md §3).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExactSpelling = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int EventCount = 5;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly CheckpointVerifier _trusted;
    private readonly TestTsa _tsa = new("Export TSA Root");

    public AuditExportTimestampTests()
    {
        _trusted = CheckpointVerifier.FromSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo());
    }

    public void Dispose()
    {
        _trusted.Dispose();
        _key.Dispose();
        _tsa.Dispose();
    }

    private static byte[] Leaf(long sequence) => AuditEventEncoding.Encode(new AuditEvent(
        sequence, new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero).AddSeconds(sequence),
        new AuditActor("000.00.18.G12", "agency", SHA256.HashData([1])), "document.sent", $"doc-{sequence}", ["000.00.00.H41"], [], "ok", ""));

    private async Task<(SignedCheckpoint Signed, List<string> Lines)> ExportAsync(bool timestamped)
    {
        var leaves = Enumerable.Range(0, EventCount).Select(i => Leaf(i)).ToList();
        var log = await TestData.LogOfAsync(leaves);
        var signed = await new CheckpointSigner(_key).SignCurrentAsync(log, TimeProvider.System, CancellationToken.None);
        if (timestamped)
        {
            signed = await _tsa.TimestampAsync(signed);
        }
        using var stream = new MemoryStream();
        var writer = new AuditExportWriter(stream);
        await writer.WriteHeaderAsync(signed, CancellationToken.None);
        foreach (var leaf in leaves)
        {
            await writer.WriteLeafAsync(leaf, null, CancellationToken.None);
        }
        return (signed, Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n').ToList());
    }

    private async Task<AuditVerificationReport> VerifyAsync(IEnumerable<string> lines, CheckpointTimestampVerifier? timestamps, bool required)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return await new AuditExportVerifier(_trusted, timestamps, required).VerifyAsync(stream, CancellationToken.None);
    }

    private static AuditCheck Check(AuditVerificationReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);

    /// <summary>The header with its checkpoint's "timestampToken" replaced (null: removed).</summary>
    private static List<string> WithToken(List<string> lines, byte[]? token)
    {
        var header = JsonNode.Parse(lines[0])!;
        var checkpoint = header["checkpoint"]!.AsObject();
        checkpoint.Remove("timestampToken");
        if (token is not null)
        {
            checkpoint["timestampToken"] = Convert.ToBase64String(token);
        }
        return [header.ToJsonString(ExactSpelling), .. lines.Skip(1)];
    }

    [Fact]
    public async Task Header_carries_the_token_and_the_verifier_reports_the_time_it_proves()
    {
        var (signed, lines) = await ExportAsync(timestamped: true);

        var inHeader = JsonNode.Parse(lines[0])!["checkpoint"]!["timestampToken"]!.GetValue<string>();
        Assert.Equal(signed.TimestampToken, Convert.FromBase64String(inHeader));
        var report = await VerifyAsync(lines, TestTsa.VerifierFor(_tsa.Root), required: true);

        Assert.True(report.Passed, string.Join("\n", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Message}")));
        var check = Check(report, CheckpointTimestampCheck.Name);
        var proven = TimestampToken.Decode(signed.TimestampToken!).GenerationTime.UtcDateTime;
        Assert.Equal(proven, StatedGenTime.In(check.Message).UtcDateTime);
        Assert.Contains("CN=Test TSA", check.Message);
    }

    [Fact]
    public async Task Header_without_a_token_omits_the_key_and_passes_only_when_no_timestamp_is_required()
    {
        var (_, lines) = await ExportAsync(timestamped: false);

        Assert.Null(JsonNode.Parse(lines[0])!["checkpoint"]!["timestampToken"]);
        var lenient = await VerifyAsync(lines, TestTsa.VerifierFor(_tsa.Root), required: false);
        var strict = await VerifyAsync(lines, TestTsa.VerifierFor(_tsa.Root), required: true);

        Assert.True(lenient.Passed);
        Assert.StartsWith("No timestamp", Check(lenient, CheckpointTimestampCheck.Name).Message, StringComparison.Ordinal);
        Assert.False(strict.Passed);
        Assert.False(Check(strict, CheckpointTimestampCheck.Name).Passed);
    }

    [Fact]
    public async Task Tampered_token_fails_the_timestamp_check_while_the_tree_still_verifies()
    {
        var (signed, lines) = await ExportAsync(timestamped: true);
        byte[] token = signed.TimestampToken!.ToArray();
        token[^3] ^= 0x55; // inside the TSA's signature value, the last field of the SignerInfo

        var report = await VerifyAsync(WithToken(lines, token), TestTsa.VerifierFor(_tsa.Root), required: false);

        Assert.False(report.Passed);
        var check = Check(report, CheckpointTimestampCheck.Name);
        Assert.False(check.Passed);
        Assert.Contains("does not prove the checkpoint's time", check.Message);
        Assert.True(Check(report, "checkpoint.signature").Passed);
        Assert.True(Check(report, "tree.root").Passed);
    }

    [Fact]
    public async Task Token_of_another_checkpoint_fails_on_its_message_imprint()
    {
        var (_, lines) = await ExportAsync(timestamped: true);
        var other = await _tsa.TimestampAsync(new CheckpointSigner(_key).Sign(EventCount, new byte[32], DateTimeOffset.UtcNow));

        var report = await VerifyAsync(WithToken(lines, other.TimestampToken), TestTsa.VerifierFor(_tsa.Root), required: false);

        var check = Check(report, CheckpointTimestampCheck.Name);
        Assert.False(check.Passed);
        Assert.Contains("message imprint", check.Message);
    }

    [Fact]
    public async Task Token_from_a_tsa_outside_the_given_trust_anchor_fails()
    {
        using var other = new TestTsa("Unrelated TSA Root");
        var (_, lines) = await ExportAsync(timestamped: true);

        var report = await VerifyAsync(lines, TestTsa.VerifierFor(other.Root), required: false);

        var check = Check(report, CheckpointTimestampCheck.Name);
        Assert.False(check.Passed);
        Assert.Contains("does not chain to a trusted TSA root", check.Message);
    }
}
