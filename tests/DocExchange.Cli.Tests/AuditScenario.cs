using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Cli.Tests;

/// <summary>
/// A real audit trail built with the Audit library: a log of <see cref="EventCount"/> events signed with a fresh
/// ECDSA P-256 key, its export, checkpoints at sizes <see cref="OldSize"/> and <see cref="EventCount"/>, a
/// consistency proof between them, an inclusion proof, and a forked history signed with the same key. The
/// checkpoint and proof files are written here by hand from docs/AUDIT-FORMAT.md §5, not by dx.
/// </summary>
public sealed class AuditScenario : IAsyncLifetime, IDisposable
{
    public const int EventCount = 10;
    public const int OldSize = 6;
    public const int IncludedLeaf = 4;

    private readonly TempDirectory _directory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKey => _directory.File("audit-key.pem");

    public string OtherPublicKey => _directory.File("other-key.pem");

    public string Export => _directory.File("export.jsonl");

    public string OldCheckpoint => _directory.File("old-checkpoint.json");

    public string NewCheckpoint => _directory.File("new-checkpoint.json");

    public string ForkedCheckpoint => _directory.File("forked-checkpoint.json");

    public string Consistency => _directory.File("consistency-6-10.json");

    public string ForkedConsistency => _directory.File("forked-consistency-6-10.json");

    public string Inclusion => _directory.File("inclusion-4.json");

    /// <summary>The newest checkpoint with an RFC 3161 token over its body from a test TSA under <see cref="TsaRoot"/>.</summary>
    public string TimestampedCheckpoint => _directory.File("timestamped-checkpoint.json");

    /// <summary>The export of <see cref="Export"/> whose header checkpoint carries the same RFC 3161 token as <see cref="TimestampedCheckpoint"/>.</summary>
    public string TimestampedExport => _directory.File("timestamped-export.jsonl");

    /// <summary>The token of <see cref="TimestampedCheckpoint"/> and <see cref="TimestampedExport"/>.</summary>
    public byte[] TimestampToken { get; private set; } = [];

    /// <summary>PEM root certificate of the TSA that timestamped <see cref="TimestampedCheckpoint"/>.</summary>
    public string TsaRoot => _directory.File("tsa-root.pem");

    /// <summary>PEM root certificate of an unrelated TSA.</summary>
    public string OtherTsaRoot => _directory.File("other-tsa-root.pem");

    /// <summary>The export's lines, header first.</summary>
    public IReadOnlyList<string> ExportLines { get; private set; } = [];

    public string File(string name) => _directory.File(name);

    public async Task InitializeAsync()
    {
        await System.IO.File.WriteAllTextAsync(PublicKey, _key.ExportSubjectPublicKeyInfoPem());
        await System.IO.File.WriteAllTextAsync(OtherPublicKey, _otherKey.ExportSubjectPublicKeyInfoPem());
        var signer = new CheckpointSigner(_key);

        var leaves = Enumerable.Range(0, EventCount).Select(i => AuditEventEncoding.Encode(Event(i, $"doc-{i}"))).ToList();
        var log = new MerkleLog(new InMemoryMerkleNodeStore());
        await log.AppendLeavesAsync(leaves, CancellationToken.None);
        var time = new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);
        var newest = signer.Sign(EventCount, await log.GetRootAsync(EventCount, CancellationToken.None), time);
        var older = signer.Sign(OldSize, await log.GetRootAsync(OldSize, CancellationToken.None), time.AddHours(-1));

        byte[] export = await ExportBytesAsync(newest, log, leaves);
        await System.IO.File.WriteAllBytesAsync(Export, export);
        ExportLines = Encoding.UTF8.GetString(export).TrimEnd('\n').Split('\n');

        await WriteCheckpointAsync(NewCheckpoint, newest);
        await WriteCheckpointAsync(OldCheckpoint, older);
        var timestamped = await WriteTimestampedAsync(newest);
        await System.IO.File.WriteAllBytesAsync(TimestampedExport, await ExportBytesAsync(timestamped, log, leaves));
        await WriteConsistencyAsync(Consistency, await log.GetConsistencyProofAsync(OldSize, EventCount, CancellationToken.None));
        await WriteInclusionAsync(Inclusion, leaves[IncludedLeaf], await log.GetInclusionProofAsync(IncludedLeaf, EventCount, CancellationToken.None));

        // A second history: event 2 rewritten, then the same appends. Signed by the same key, so only the
        // consistency check can tell that the log showed two histories.
        var forkedLeaves = leaves.ToList();
        forkedLeaves[2] = AuditEventEncoding.Encode(Event(2, "doc-2-rewritten"));
        var forkedLog = new MerkleLog(new InMemoryMerkleNodeStore());
        await forkedLog.AppendLeavesAsync(forkedLeaves, CancellationToken.None);
        await WriteCheckpointAsync(ForkedCheckpoint, signer.Sign(EventCount, await forkedLog.GetRootAsync(EventCount, CancellationToken.None), time));
        await WriteConsistencyAsync(ForkedConsistency, await forkedLog.GetConsistencyProofAsync(OldSize, EventCount, CancellationToken.None));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
        _directory.Dispose();
    }

    /// <summary>Writes lines as an export file in the scenario's directory.</summary>
    public string WriteExport(string name, IEnumerable<string> lines)
    {
        string path = _directory.File(name);
        System.IO.File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    public static AuditEvent Event(long sequence, string documentId) => new(
        sequence,
        new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero).AddMinutes(sequence),
        new AuditActor("000.00.18.G12", "agency", SHA256.HashData([7])),
        "document.sent",
        documentId,
        ["000.00.00.H41"],
        [new AuditContentHash("main.pdf", SHA256.HashData(BitConverter.GetBytes(sequence)))],
        "ok",
        "văn bản đi");

    private static async Task<byte[]> ExportBytesAsync(SignedCheckpoint header, MerkleLog log, List<byte[]> leaves)
    {
        using var stream = new MemoryStream();
        var writer = new AuditExportWriter(stream);
        await writer.WriteHeaderAsync(header, CancellationToken.None);
        for (int i = 0; i < leaves.Count; i++)
        {
            await writer.WriteLeafAsync(leaves[i], await log.GetInclusionProofAsync(i, leaves.Count, CancellationToken.None), CancellationToken.None);
        }
        return stream.ToArray();
    }

    private async Task<SignedCheckpoint> WriteTimestampedAsync(SignedCheckpoint signed)
    {
        using var ca = CertificateAuthority.CreateRoot(new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=Auditor Test TSA Root"), PkiKeyAlgorithm.EcdsaP256);
        using var other = CertificateAuthority.CreateRoot(new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=Unrelated TSA Root"), PkiKeyAlgorithm.EcdsaP256);
        using var tsa = ca.Issue(CertificateProfile.TimestampAuthority,
            new CertificateSpec(new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=Auditor Test TSA")) { KeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });
        byte[] token = await new InProcessTimestampAuthority(tsa, [ca.Certificate])
            .GetTimestampTokenAsync(SHA256.HashData(signed.Body), HashAlgorithmName.SHA256, CancellationToken.None);
        TimestampToken = token;
        var timestamped = signed with { TimestampToken = token };
        await WriteCheckpointAsync(TimestampedCheckpoint, timestamped);
        await System.IO.File.WriteAllTextAsync(TsaRoot, ca.Certificate.ExportCertificatePem());
        await System.IO.File.WriteAllTextAsync(OtherTsaRoot, other.Certificate.ExportCertificatePem());
        return timestamped;
    }

    private static Task WriteCheckpointAsync(string path, SignedCheckpoint signed) =>
        System.IO.File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = "docexchange-audit-checkpoint",
            ["version"] = 1,
            ["treeSize"] = signed.Checkpoint.TreeSize,
            ["rootHash"] = Convert.ToBase64String(signed.Checkpoint.RootHash),
            ["time"] = AuditTime.ToText(signed.Checkpoint.Time),
            ["body"] = Convert.ToBase64String(signed.Body),
            ["signature"] = Convert.ToBase64String(signed.Signature),
            ["keyId"] = Convert.ToBase64String(signed.KeyId),
        }.Concat(signed.TimestampToken is { } token
            ? [new KeyValuePair<string, object>("timestampToken", Convert.ToBase64String(token))]
            : []).ToDictionary()));

    private static Task WriteConsistencyAsync(string path, ConsistencyProof proof) =>
        System.IO.File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = "docexchange-audit-consistency-proof",
            ["version"] = 1,
            ["firstTreeSize"] = proof.FirstTreeSize,
            ["secondTreeSize"] = proof.SecondTreeSize,
            ["hashes"] = proof.Hashes.Select(Convert.ToBase64String).ToArray(),
        }));

    /// <summary>The leaf goes in verbatim, so this one is assembled as text.</summary>
    public static Task WriteInclusionAsync(string path, byte[] leaf, InclusionProof proof)
    {
        string hashes = string.Join(",", proof.Hashes.Select(h => $"\"{Convert.ToBase64String(h)}\""));
        string json = $"{{\"format\":\"docexchange-audit-inclusion-proof\",\"version\":1,\"leafIndex\":{proof.LeafIndex},\"treeSize\":{proof.TreeSize},\"leaf\":{Encoding.UTF8.GetString(leaf)},\"hashes\":[{hashes}]}}";
        return System.IO.File.WriteAllTextAsync(path, json);
    }
}
