using System.Security.Cryptography;
using System.Text;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

public sealed class AuditExportVerifierTests : IDisposable
{
    private const int EventCount = 20;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly CheckpointVerifier _trusted;

    public AuditExportVerifierTests()
    {
        _trusted = CheckpointVerifier.FromSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo());
    }

    public void Dispose()
    {
        _trusted.Dispose();
        _key.Dispose();
    }

    private static AuditEvent Event(long sequence, string outcome = "ok") => new(
        sequence,
        new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero).AddSeconds(sequence),
        new AuditActor("000.00.18.G12", "agency", SHA256.HashData([1])),
        "document.sent",
        $"doc-{sequence}",
        ["000.00.00.H41"],
        [new AuditContentHash("main.pdf", SHA256.HashData(BitConverter.GetBytes(sequence)))],
        outcome,
        "văn bản đi");

    /// <summary>An export of <see cref="EventCount"/> events, as lines (header first).</summary>
    private async Task<List<string>> ExportLinesAsync(bool withProofs)
    {
        var leaves = Enumerable.Range(0, EventCount).Select(i => AuditEventEncoding.Encode(Event(i))).ToList();
        var log = await TestData.LogOfAsync(leaves);
        var signed = await new CheckpointSigner(_key).SignCurrentAsync(log, TimeProvider.System, CancellationToken.None);
        using var stream = new MemoryStream();
        var writer = new AuditExportWriter(stream);
        await writer.WriteHeaderAsync(signed, CancellationToken.None);
        for (int i = 0; i < leaves.Count; i++)
        {
            var proof = withProofs ? await log.GetInclusionProofAsync(i, EventCount, CancellationToken.None) : null;
            await writer.WriteLeafAsync(leaves[i], proof, CancellationToken.None);
        }
        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n').ToList();
    }

    private async Task<AuditVerificationReport> VerifyAsync(IEnumerable<string> lines)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return await new AuditExportVerifier(_trusted).VerifyAsync(stream, CancellationToken.None);
    }

    private static AuditCheck Check(AuditVerificationReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Untouched_export_passes_every_check(bool withProofs)
    {
        var report = await VerifyAsync(await ExportLinesAsync(withProofs));
        Assert.True(report.Passed, string.Join("\n", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Message}")));
        Assert.Null(report.FirstBadPosition);
        Assert.Equal(EventCount, report.LeafCount);
        Assert.Contains(report.Checks, c => c.Name == "tree.root");
        Assert.Equal(withProofs, report.Checks.Any(c => c.Name == "leaves.inclusion"));
    }

    [Fact]
    public async Task Export_lines_embed_the_canonical_leaf_verbatim()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        Assert.Equal("{\"leaf\":" + Encoding.UTF8.GetString(AuditEventEncoding.Encode(Event(3))) + "}", lines[4]);
    }

    [Fact]
    public async Task Changed_leaf_is_named_by_its_failing_inclusion_proof()
    {
        var lines = await ExportLinesAsync(withProofs: true);
        lines[1 + 7] = lines[1 + 7].Replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\"", StringComparison.Ordinal);
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Equal(7, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.inclusion").Passed);
        Assert.False(Check(report, "tree.root").Passed);
        Assert.True(Check(report, "leaves.sequence").Passed);
    }

    [Fact]
    public async Task Changed_leaf_without_proofs_is_detected_by_the_root_but_not_located()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines[1 + 7] = lines[1 + 7].Replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\"", StringComparison.Ordinal);
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Null(report.FirstBadPosition);
        Assert.Contains("cannot be located", Check(report, "tree.root").Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Deleted_leaf_is_named(bool withProofs)
    {
        var lines = await ExportLinesAsync(withProofs);
        lines.RemoveAt(1 + 5);
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Equal(5, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.sequence").Passed);
        Assert.False(Check(report, "leaves.count").Passed);
    }

    [Fact]
    public async Task Deleted_last_leaf_is_named_as_missing()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines.RemoveAt(lines.Count - 1);
        var report = await VerifyAsync(lines);
        Assert.Equal(EventCount - 1, report.FirstBadPosition);
        Assert.Contains("missing", report.FirstBadReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Swapped_leaves_are_named_at_the_first_of_the_two(bool withProofs)
    {
        var lines = await ExportLinesAsync(withProofs);
        (lines[1 + 3], lines[1 + 9]) = (lines[1 + 9], lines[1 + 3]);
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Equal(3, report.FirstBadPosition);
        Assert.True(Check(report, "leaves.count").Passed);
        Assert.False(Check(report, "tree.root").Passed);
    }

    [Fact]
    public async Task Inserted_forged_event_carrying_a_copied_proof_is_named()
    {
        var lines = await ExportLinesAsync(withProofs: true);
        string proofPart = lines[1 + 4][lines[1 + 4].IndexOf(",\"inclusion\":", StringComparison.Ordinal)..];
        string forged = "{\"leaf\":" + Encoding.UTF8.GetString(AuditEventEncoding.Encode(Event(4, outcome: "denied"))) + proofPart;
        lines.Insert(1 + 4, forged);
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Equal(4, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.count").Passed);
    }

    [Fact]
    public async Task Inserted_event_without_a_proof_in_an_export_with_proofs_is_named()
    {
        var lines = await ExportLinesAsync(withProofs: true);
        lines.Insert(1 + 4, "{\"leaf\":" + Encoding.UTF8.GetString(AuditEventEncoding.Encode(Event(4, outcome: "denied"))) + "}");
        var report = await VerifyAsync(lines);
        Assert.Equal(4, report.FirstBadPosition);
    }

    [Fact]
    public async Task Inserted_event_with_a_foreign_sequence_is_named_without_proofs()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines.Insert(1 + 12, "{\"leaf\":" + Encoding.UTF8.GetString(AuditEventEncoding.Encode(Event(99))) + "}");
        var report = await VerifyAsync(lines);
        Assert.Equal(12, report.FirstBadPosition);
    }

    [Fact]
    public async Task Leaf_rewritten_in_non_canonical_form_is_named()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines[1 + 2] = lines[1 + 2].Replace("\"sequence\":2,", "\"sequence\": 2,", StringComparison.Ordinal);
        var report = await VerifyAsync(lines);
        Assert.Equal(2, report.FirstBadPosition);
        Assert.False(Check(report, "leaves.encoding").Passed);
    }

    [Theory]
    [InlineData("{\"leaf\":", "{\"leaf\": ")]
    [InlineData("]}", "] }")]
    [InlineData("]}", "]}\r")]
    [InlineData(",\"inclusion\":[", ",\"inclusion\":[ ")]
    public async Task Leaf_line_spelled_otherwise_than_the_format_is_named(string spelled, string instead)
    {
        var lines = await ExportLinesAsync(withProofs: true);
        string original = lines[1 + 3];
        lines[1 + 3] = original.Replace(spelled, instead, StringComparison.Ordinal);
        Assert.NotEqual(original, lines[1 + 3]);

        var report = await VerifyAsync(lines);

        Assert.False(report.Passed);
        Assert.Equal(3, report.FirstBadPosition);
        Assert.Contains("Line 5 (leaf 3)", Check(report, "leaves.encoding").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":", "{ \"format\":")]
    [InlineData(",\"version\":1,", ",\"version\":1,\"extra\":true,")]
    [InlineData("\"keyId\":", "\"keyid\":\"AA==\",\"keyId\":")]
    public async Task Header_spelled_otherwise_than_the_format_is_refused(string spelled, string instead)
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines[0] = lines[0].Replace(spelled, instead, StringComparison.Ordinal);

        var report = await VerifyAsync(lines);

        Assert.False(report.Passed);
        Assert.False(Check(report, "export.header").Passed);
    }

    [Fact]
    public async Task Export_mixing_leaves_with_and_without_proofs_fails_the_inclusion_check_at_the_first_without()
    {
        var withProofs = await ExportLinesAsync(withProofs: true);
        var without = await ExportLinesAsync(withProofs: false);
        withProofs[1 + 5] = without[1 + 5];

        var report = await VerifyAsync(withProofs);

        Assert.False(Check(report, "leaves.inclusion").Passed);
        Assert.Equal(5, report.FirstBadPosition);
    }

    [Fact]
    public async Task Export_checked_against_another_key_fails_the_signature_check()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CheckpointVerifier.FromSubjectPublicKeyInfo(otherKey.ExportSubjectPublicKeyInfo());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var report = await new AuditExportVerifier(other).VerifyAsync(stream, CancellationToken.None);
        Assert.False(report.Passed);
        Assert.False(Check(report, "checkpoint.signature").Passed);
        Assert.True(Check(report, "tree.root").Passed);
    }

    [Fact]
    public async Task Export_whose_header_is_not_an_export_header_fails_with_a_reason()
    {
        var lines = await ExportLinesAsync(withProofs: false);
        lines[0] = "{\"format\":\"something-else\"}";
        var report = await VerifyAsync(lines);
        Assert.False(report.Passed);
        Assert.Contains("docexchange-audit-export", Check(report, "export.header").Message);
    }

    [Fact]
    public async Task Empty_export_fails_with_a_reason()
    {
        using var stream = new MemoryStream();
        var report = await new AuditExportVerifier(_trusted).VerifyAsync(stream, CancellationToken.None);
        Assert.False(report.Passed);
        Assert.Contains("empty", Check(report, "export.header").Message);
    }

    [Fact]
    public async Task Export_written_to_a_temporary_file_verifies_from_the_file()
    {
        var lines = await ExportLinesAsync(withProofs: true);
        string path = Path.Combine(Path.GetTempPath(), $"dx-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
            await using var file = File.OpenRead(path);
            var report = await new AuditExportVerifier(_trusted).VerifyAsync(file, CancellationToken.None);
            Assert.True(report.Passed);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
