using System.Text.Json;

namespace DocExchange.Audit.Events;

/// <summary>
/// The canonical leaf encoding of an <see cref="AuditEvent"/> (version 1, specified in docs/AUDIT-FORMAT.md):
/// one line of UTF-8 JSON with a fixed key order and no insignificant whitespace. Decoding accepts only bytes
/// that encode back to themselves, so a leaf has exactly one meaning and one spelling.
/// </summary>
public static class AuditEventEncoding
{
    /// <summary>The encoding version this code writes and reads.</summary>
    public const int Version = 1;

    private static readonly string[] TopLevelKeys =
        ["version", "sequence", "time", "actor", "action", "documentId", "recipients", "contentHashes", "outcome", "detail"];

    private static readonly string[] ActorKeys = ["organId", "role", "certificateSha256"];

    private static readonly string[] ContentHashKeys = ["partId", "sha256"];

    /// <summary>The canonical bytes of <paramref name="auditEvent"/>: the Merkle leaf.</summary>
    /// <exception cref="ArgumentException">A text field is not valid Unicode.</exception>
    public static byte[] Encode(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var w = new CanonicalJsonWriter();
        w.StartObject();
        w.PropertyName("version");
        w.NumberValue(Version);
        w.PropertyName("sequence");
        w.NumberValue(auditEvent.Sequence);
        w.PropertyName("time");
        w.StringValue(AuditTime.ToText(auditEvent.Time));
        w.PropertyName("actor");
        w.StartObject();
        w.PropertyName("organId");
        w.StringValue(auditEvent.Actor.OrganId);
        w.PropertyName("role");
        w.StringValue(auditEvent.Actor.Role);
        w.PropertyName("certificateSha256");
        w.StringValue(Convert.ToHexStringLower(auditEvent.Actor.CertificateSha256));
        w.EndObject();
        w.PropertyName("action");
        w.StringValue(auditEvent.Action);
        w.PropertyName("documentId");
        w.StringValue(auditEvent.DocumentId);
        w.PropertyName("recipients");
        w.StartArray();
        foreach (string recipient in auditEvent.Recipients)
        {
            w.StringValue(recipient);
        }
        w.EndArray();
        w.PropertyName("contentHashes");
        w.StartArray();
        foreach (var hash in auditEvent.ContentHashes)
        {
            w.StartObject();
            w.PropertyName("partId");
            w.StringValue(hash.PartId);
            w.PropertyName("sha256");
            w.StringValue(Convert.ToHexStringLower(hash.Sha256));
            w.EndObject();
        }
        w.EndArray();
        w.PropertyName("outcome");
        w.StringValue(auditEvent.Outcome);
        w.PropertyName("detail");
        w.StringValue(auditEvent.Detail);
        w.EndObject();
        return w.ToArray();
    }

    /// <summary>Decodes canonical leaf bytes.</summary>
    /// <exception cref="AuditFormatException">The bytes are not a canonical version-1 event; the message says why.</exception>
    public static AuditEvent Decode(ReadOnlySpan<byte> leaf) =>
        TryDecode(leaf, out var auditEvent, out string? error) ? auditEvent : throw new AuditFormatException(error);

    /// <summary>Decodes canonical leaf bytes, or explains in <paramref name="error"/> why they are not one.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> leaf, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditEvent? auditEvent,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        auditEvent = null;
        try
        {
            var reader = new Utf8JsonReader(leaf, new JsonReaderOptions { MaxDepth = 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != leaf.Length)
            {
                error = "The leaf has bytes after the JSON object.";
                return false;
            }
            auditEvent = ReadEvent(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or AuditFormatException or ArgumentException or InvalidOperationException or FormatException)
        {
            error = e is AuditFormatException ? e.Message : $"The leaf is not a valid audit event: {e.Message}";
            return false;
        }

        byte[] canonical;
        try
        {
            canonical = Encode(auditEvent);
        }
        catch (ArgumentException e)
        {
            auditEvent = null;
            error = $"The leaf is not a valid audit event: {e.Message}";
            return false;
        }
        if (!leaf.SequenceEqual(canonical))
        {
            int at = leaf.CommonPrefixLength(canonical);
            auditEvent = null;
            error = $"The leaf is not in canonical form: it differs from the canonical encoding of the same event at byte {at}.";
            return false;
        }
        error = null;
        return true;
    }

    private static AuditEvent ReadEvent(JsonElement root)
    {
        var values = ReadObject(root, TopLevelKeys, "event");
        if (values[0].ValueKind != JsonValueKind.Number || !values[0].TryGetInt32(out int version))
        {
            throw new AuditFormatException("The \"version\" of the event is not an integer.");
        }
        if (version != Version)
        {
            throw new AuditFormatException($"Audit event version {version} is not supported (this verifier reads version {Version}).");
        }
        if (values[1].ValueKind != JsonValueKind.Number || !values[1].TryGetInt64(out long sequence) || sequence < 0)
        {
            throw new AuditFormatException("The \"sequence\" of the event is not a non-negative integer.");
        }
        if (!AuditTime.TryParse(Text(values[2], "time"), out var time))
        {
            throw new AuditFormatException("The \"time\" of the event is not in the form 2026-01-31T23:59:59.000000Z.");
        }
        var actorValues = ReadObject(values[3], ActorKeys, "actor");
        var actor = new AuditActor(Text(actorValues[0], "actor.organId"), Text(actorValues[1], "actor.role"),
            Hex(Text(actorValues[2], "actor.certificateSha256"), "actor.certificateSha256", allowEmpty: true));
        var recipients = Array(values[6], "recipients").Select(r => Text(r, "recipients[]")).ToArray();
        var contentHashes = Array(values[7], "contentHashes").Select(h =>
        {
            var hashValues = ReadObject(h, ContentHashKeys, "contentHashes[]");
            return new AuditContentHash(Text(hashValues[0], "contentHashes[].partId"),
                Hex(Text(hashValues[1], "contentHashes[].sha256"), "contentHashes[].sha256", allowEmpty: false));
        }).ToArray();
        return new AuditEvent(sequence, time, actor, Text(values[4], "action"), Text(values[5], "documentId"),
            recipients, contentHashes, Text(values[8], "outcome"), Text(values[9], "detail"));
    }

    private static JsonElement[] ReadObject(JsonElement element, string[] keys, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AuditFormatException($"The {what} is not a JSON object.");
        }
        var values = new JsonElement[keys.Length];
        int i = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (i >= keys.Length || property.Name != keys[i])
            {
                string expected = i < keys.Length ? $"\"{keys[i]}\"" : "the end of the object";
                throw new AuditFormatException($"In the {what}, found key \"{property.Name}\" where {expected} was expected (keys: {string.Join(", ", keys)}, in that order).");
            }
            values[i++] = property.Value;
        }
        if (i != keys.Length)
        {
            throw new AuditFormatException($"The {what} lacks the key \"{keys[i]}\".");
        }
        return values;
    }

    private static string Text(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new AuditFormatException($"The \"{what}\" of the event is not a string.");

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new AuditFormatException($"The \"{what}\" of the event is not an array.");

    private static byte[] Hex(string text, string what, bool allowEmpty)
    {
        if ((text.Length == 0 && allowEmpty) || (text.Length == 64 && text.All(Uri.IsHexDigit)))
        {
            return Convert.FromHexString(text);
        }
        throw new AuditFormatException($"The \"{what}\" of the event is not 64 hexadecimal digits{(allowEmpty ? " or empty" : "")}.");
    }
}
