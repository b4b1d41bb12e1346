using System.Runtime.InteropServices;
using System.Text.Json;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Export;
using DocExchange.Audit.Merkle;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// Reads and writes the auditor's small JSON files (docs/AUDIT-FORMAT.md §5): a saved checkpoint, a consistency
/// proof and an inclusion proof. A malformed file is reported as <see cref="ExitCode.Rejected"/> naming the file.
/// </summary>
public static class AuditFiles
{
    public const string CheckpointFormat = "docexchange-audit-checkpoint";
    public const string ConsistencyProofFormat = "docexchange-audit-consistency-proof";
    public const string InclusionProofFormat = "docexchange-audit-inclusion-proof";
    public const int Version = 1;

    private const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Writes base64 as is ('+' not escaped as \u002B), so that the files read as the document shows them.</summary>
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder PlainBase64 = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static async Task<SignedCheckpoint> ReadCheckpointAsync(string path, CancellationToken cancellationToken)
    {
        byte[] json = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(path, json, CheckpointFormat, root =>
        {
            Expect(root, ["format", "version", "treeSize", "rootHash", "time", "body", "signature", "keyId", "timestampToken"]);
            byte[] root32 = Base64(root, "rootHash");
            if (root32.Length != MerkleHasher.HashSize)
            {
                throw new FormatException($"\"rootHash\" must be the base64 of {MerkleHasher.HashSize} bytes");
            }
            if (!AuditTime.TryParse(String(root, "time"), out var time))
            {
                throw new FormatException("\"time\" must be in the form 2026-01-31T23:59:59.000000Z");
            }
            // The plain fields are for people; the verifier checks that they equal the signed body.
            var claimed = new Checkpoint(NonNegative(root, "treeSize"), root32, time);
            byte[]? token = root.TryGetProperty("timestampToken", out _) ? Base64(root, "timestampToken") : null;
            return new SignedCheckpoint(claimed, Base64(root, "body"), Base64(root, "signature"), Base64(root, "keyId"), token);
        });
    }

    /// <summary>The signed checkpoint (with its timestamp token, if any) in the header line of an export, to keep for a later consistency check.</summary>
    public static async Task<SignedCheckpoint> ReadExportCheckpointAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path);
        using var reader = new StreamReader(stream);
        string header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
        return ExportHeader.TryParse(System.Text.Encoding.UTF8.GetBytes(header), out var signed, out string? error)
            ? signed
            : throw DxException.Rejected($"{path} is not a valid {AuditExportFormat.FormatName} file: {error}");
    }

    public static async Task WriteCheckpointAsync(string path, SignedCheckpoint signed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signed);
        await WriteJsonLineAsync(path, indented: true, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", CheckpointFormat);
            writer.WriteNumber("version", Version);
            writer.WriteNumber("treeSize", signed.Checkpoint.TreeSize);
            writer.WriteBase64String("rootHash", signed.Checkpoint.RootHash);
            writer.WriteString("time", AuditTime.ToText(signed.Checkpoint.Time));
            writer.WriteBase64String("body", signed.Body);
            writer.WriteBase64String("signature", signed.Signature);
            writer.WriteBase64String("keyId", signed.KeyId);
            if (signed.TimestampToken is { } token)
            {
                writer.WriteBase64String("timestampToken", token);
            }
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a consistency proof file (RFC 9162 §2.1.4; docs/AUDIT-FORMAT.md §5).</summary>
    public static async Task WriteConsistencyProofAsync(string path, ConsistencyProof proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        await WriteJsonLineAsync(path, indented: true, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", ConsistencyProofFormat);
            writer.WriteNumber("version", Version);
            writer.WriteNumber("firstTreeSize", proof.FirstTreeSize);
            writer.WriteNumber("secondTreeSize", proof.SecondTreeSize);
            WriteHashes(writer, proof.Hashes);
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an inclusion proof file with the event's leaf embedded byte for byte (RFC 9162 §2.1.3; docs/AUDIT-FORMAT.md §5).</summary>
    public static async Task WriteInclusionProofAsync(string path, byte[] leaf, InclusionProof proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(proof);
        // One line and no indentation: the leaf must stay exactly the bytes that were hashed.
        await WriteJsonLineAsync(path, indented: false, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", InclusionProofFormat);
            writer.WriteNumber("version", Version);
            writer.WriteNumber("leafIndex", proof.LeafIndex);
            writer.WriteNumber("treeSize", proof.TreeSize);
            writer.WritePropertyName("leaf");
            writer.WriteRawValue(leaf, skipInputValidation: false);
            WriteHashes(writer, proof.Hashes);
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one JSON object, then a line feed, as the whole of <paramref name="path"/>.</summary>
    private static async Task WriteJsonLineAsync(string path, bool indented, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = PlainBase64 }))
        {
            write(writer);
        }
        buffer.WriteByte((byte)'\n');
        await File.WriteAllBytesAsync(path, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteHashes(Utf8JsonWriter writer, IReadOnlyList<byte[]> hashes)
    {
        writer.WriteStartArray("hashes");
        foreach (byte[] hash in hashes)
        {
            writer.WriteBase64StringValue(hash);
        }
        writer.WriteEndArray();
    }

    public static async Task<ConsistencyProof> ReadConsistencyProofAsync(string path, CancellationToken cancellationToken)
    {
        byte[] json = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(path, json, ConsistencyProofFormat, root =>
        {
            Expect(root, ["format", "version", "firstTreeSize", "secondTreeSize", "hashes"]);
            return new ConsistencyProof(NonNegative(root, "firstTreeSize"), NonNegative(root, "secondTreeSize"), Hashes(root));
        });
    }

    public static async Task<InclusionEvidence> ReadInclusionProofAsync(string path, CancellationToken cancellationToken)
    {
        byte[] json = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(path, json, InclusionProofFormat, root =>
        {
            Expect(root, ["format", "version", "leafIndex", "treeSize", "leaf", "hashes"]);
            // The leaf is embedded byte for byte, as in an export line: its exact bytes are what was hashed.
            byte[] leaf = JsonMarshal.GetRawUtf8Value(Property(root, "leaf", JsonValueKind.Object)).ToArray();
            var proof = new InclusionProof(NonNegative(root, "leafIndex"), NonNegative(root, "treeSize"), Hashes(root));
            return new InclusionEvidence(Path.GetFileName(path), leaf, proof);
        });
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            throw DxException.Usage($"file '{Path.GetFullPath(path)}' does not exist.");
        }
    }

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path);
        if (stream.Length > MaxFileBytes)
        {
            throw DxException.Rejected($"{path} is larger than {MaxFileBytes / (1024 * 1024)} MiB; it is not an audit checkpoint or proof.");
        }
        byte[] content = new byte[stream.Length];
        await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
        return content;
    }

    private static T Parse<T>(string path, byte[] json, string format, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the file is not a JSON object");
            }
            if (String(root, "format") != format)
            {
                throw new FormatException($"\"format\" must be \"{format}\"");
            }
            if (!Property(root, "version", JsonValueKind.Number).TryGetInt32(out int version) || version != Version)
            {
                throw new FormatException($"\"version\" must be {Version}, the only version this dx reads");
            }
            return read(root);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw DxException.Rejected($"{path} is not a valid {format} file: {e.Message}.");
        }
    }

    private static void Expect(JsonElement root, string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Contains(property.Name))
            {
                throw new FormatException($"unexpected key \"{property.Name}\" (allowed: {string.Join(", ", names)})");
            }
            if (!seen.Add(property.Name))
            {
                throw new FormatException($"the key \"{property.Name}\" appears twice");
            }
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"\"{name}\" is missing or is not a JSON {kind.ToString().ToLowerInvariant()}");

    private static string String(JsonElement element, string name) => Property(element, name, JsonValueKind.String).GetString()!;

    private static byte[] Base64(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.String).TryGetBytesFromBase64(out byte[]? bytes)
            ? bytes
            : throw new FormatException($"\"{name}\" is not standard base64");

    private static long NonNegative(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Number).TryGetInt64(out long value) && value >= 0
            ? value
            : throw new FormatException($"\"{name}\" must be a non-negative integer");

    private static byte[][] Hashes(JsonElement root)
    {
        var hashes = Property(root, "hashes", JsonValueKind.Array);
        return hashes.EnumerateArray().Select((hash, i) =>
            hash.ValueKind == JsonValueKind.String && hash.TryGetBytesFromBase64(out byte[]? bytes) && bytes.Length == MerkleHasher.HashSize
                ? bytes
                : throw new FormatException($"\"hashes\"[{i}] is not the base64 of a {MerkleHasher.HashSize}-byte hash")).ToArray();
    }
}
