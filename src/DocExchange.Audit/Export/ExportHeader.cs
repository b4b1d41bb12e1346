using System.Text.Json;
using DocExchange.Audit.Checkpoints;

namespace DocExchange.Audit.Export;

/// <summary>
/// The header line: format, version and the signed checkpoint the leaves are checked against, with its optional
/// RFC 3161 timestamp token.
/// </summary>
public static class ExportHeader
{
    /// <summary>Parses a header line; the checkpoint it returns is only claimed until its signature is verified.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignedCheckpoint? checkpoint,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        checkpoint = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != AuditExportFormat.FormatName)
            {
                error = $"The first line is not an audit export header (\"format\" must be \"{AuditExportFormat.FormatName}\").";
                return false;
            }
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out int v) || v != AuditExportFormat.Version)
            {
                error = $"The export version is not {AuditExportFormat.Version}, the only one this verifier reads.";
                return false;
            }
            if (!root.TryGetProperty("checkpoint", out var signed) || signed.ValueKind != JsonValueKind.Object)
            {
                error = "The export header has no \"checkpoint\" object.";
                return false;
            }
            byte[] body = Base64(signed, "body");
            byte[] signature = Base64(signed, "signature");
            byte[] keyId = Base64(signed, "keyId");
            if (!Checkpoint.TryParseBody(body, out var claimed, out string? bodyError))
            {
                error = bodyError;
                return false;
            }
            byte[]? token = signed.TryGetProperty("timestampToken", out _) ? Base64(signed, "timestampToken") : null;
            var parsed = new SignedCheckpoint(claimed, body, signature, keyId, token);
            if (!Encode(parsed).AsSpan().SequenceEqual(line.Span))
            {
                error = "The export header is not spelled exactly as {\"format\":\"docexchange-audit-export\",\"version\":1,\"checkpoint\":{\"body\":…,\"signature\":…,\"keyId\":…[,\"timestampToken\":…]}} (no whitespace, that key order, no other keys, standard base64 with padding, no empty timestampToken).";
                return false;
            }
            checkpoint = parsed;
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            error = $"The export header is not valid: {e.Message}";
            return false;
        }
    }

    /// <summary>The one spelling of the header line (without its '\n'), docs/AUDIT-FORMAT.md §3.</summary>
    public static byte[] Encode(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var w = new Events.CanonicalJsonWriter();
        w.StartObject();
        w.PropertyName("format");
        w.StringValue(AuditExportFormat.FormatName);
        w.PropertyName("version");
        w.NumberValue(AuditExportFormat.Version);
        w.PropertyName("checkpoint");
        w.StartObject();
        w.PropertyName("body");
        w.StringValue(Convert.ToBase64String(checkpoint.Body));
        w.PropertyName("signature");
        w.StringValue(Convert.ToBase64String(checkpoint.Signature));
        w.PropertyName("keyId");
        w.StringValue(Convert.ToBase64String(checkpoint.KeyId));
        if (checkpoint.TimestampToken is { Length: > 0 } token)
        {
            w.PropertyName("timestampToken");
            w.StringValue(Convert.ToBase64String(token));
        }
        w.EndObject();
        w.EndObject();
        return w.ToArray();
    }

    private static byte[] Base64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetBytesFromBase64()
            : throw new FormatException($"the checkpoint has no base64 \"{name}\"");
}
