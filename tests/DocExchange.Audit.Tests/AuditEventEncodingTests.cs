using System.Text;
using DocExchange.Audit.Events;

namespace DocExchange.Audit.Tests;

public sealed class AuditEventEncodingTests
{
    // Written by hand from docs/AUDIT-FORMAT.md §1, not produced by the encoder.
    private const string ExpectedLeaf =
        """{"version":1,"sequence":42,"time":"2026-11-21T01:30:05.123456Z","actor":{"organId":"000.00.18.G12","role":"agency","certificateSha256":"abababababababababababababababababababababababababababababababab"},"action":"document.sent","documentId":"doc-7","recipients":["000.00.00.H41","000.00.01.H42"],"contentHashes":[{"partId":"main.pdf","sha256":"0101010101010101010101010101010101010101010101010101010101010101"}],"outcome":"ok","detail":"Công văn \"số 1\"\n\ttab\u0001\\end"}""";

    internal static AuditEvent SampleEvent() => new(
        sequence: 42,
        time: new DateTimeOffset(2026, 11, 21, 8, 30, 5, TimeSpan.FromHours(7)).AddTicks(1_234_567),
        actor: new AuditActor("000.00.18.G12", "agency", Enumerable.Repeat((byte)0xAB, 32).ToArray()),
        action: "document.sent",
        documentId: "doc-7",
        recipients: ["000.00.00.H41", "000.00.01.H42"],
        contentHashes: [new AuditContentHash("main.pdf", Enumerable.Repeat((byte)0x01, 32).ToArray())],
        outcome: "ok",
        detail: "Công văn \"số 1\"\n\ttab\u0001\\end");

    [Fact]
    public void Encoding_matches_the_hand_written_canonical_bytes()
    {
        Assert.Equal(Encoding.UTF8.GetBytes(ExpectedLeaf), AuditEventEncoding.Encode(SampleEvent()));
    }

    [Fact]
    public void Decoding_the_hand_written_bytes_gives_the_event()
    {
        var decoded = AuditEventEncoding.Decode(Encoding.UTF8.GetBytes(ExpectedLeaf));
        Assert.Equal(SampleEvent(), decoded);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 1, 30, 5, TimeSpan.Zero).AddTicks(1_234_560), decoded.Time);
        Assert.Equal("Công văn \"số 1\"\n\ttab\u0001\\end", decoded.Detail);
    }

    [Fact]
    public void Encoding_a_decoded_leaf_gives_the_same_bytes()
    {
        byte[] leaf = Encoding.UTF8.GetBytes(ExpectedLeaf);
        Assert.Equal(leaf, AuditEventEncoding.Encode(AuditEventEncoding.Decode(leaf)));
    }

    [Fact]
    public void Event_without_certificate_recipients_or_hashes_round_trips()
    {
        var auditEvent = new AuditEvent(0, DateTimeOffset.UnixEpoch, new AuditActor("", "anonymous", []), "auth.denied", "", [], [], "denied", "");
        const string expected = """{"version":1,"sequence":0,"time":"1970-01-01T00:00:00.000000Z","actor":{"organId":"","role":"anonymous","certificateSha256":""},"action":"auth.denied","documentId":"","recipients":[],"contentHashes":[],"outcome":"denied","detail":""}""";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), AuditEventEncoding.Encode(auditEvent));
        Assert.Equal(auditEvent, AuditEventEncoding.Decode(Encoding.UTF8.GetBytes(expected)));
    }

    [Theory]
    [InlineData("whitespace", """{"version":1, "sequence":42""")]
    [InlineData("reordered keys", """{"sequence":42,"version":1""")]
    [InlineData("uppercase hex", "\"certificateSha256\":\"ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\"")]
    [InlineData("escaped non-ASCII", "C\\u00f4ng")]
    [InlineData("millisecond time", "\"time\":\"2026-11-21T01:30:05.123Z\"")]
    [InlineData("offset time", "\"time\":\"2026-11-21T08:30:05.123456+07:00\"")]
    [InlineData("leading zero", "\"sequence\":042")]
    [InlineData("unknown version", "\"version\":2")]
    [InlineData("extra key", "\"detail\":\"Công văn \\\"số 1\\\"\\n\\ttab\\u0001\\\\end\",\"extra\":\"\"")]
    [InlineData("trailing newline", "\\\\end\"}\n")]
    [InlineData("escaped slash", "\"action\":\"document\\/sent\"")]
    public void Decoder_refuses_non_canonical_variants(string what, string variantFragment)
    {
        string variant = Mutate(variantFragment);
        Assert.NotEqual(ExpectedLeaf, variant);
        Assert.False(AuditEventEncoding.TryDecode(Encoding.UTF8.GetBytes(variant), out _, out string? error), what);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Decoder_refuses_invalid_utf8()
    {
        byte[] leaf = Encoding.UTF8.GetBytes(ExpectedLeaf);
        int at = ExpectedLeaf.IndexOf("doc-7", StringComparison.Ordinal);
        leaf[at] = 0xFF;
        Assert.False(AuditEventEncoding.TryDecode(leaf, out _, out _));
    }

    [Fact]
    public void Decoder_refuses_a_lone_surrogate_escape()
    {
        string variant = ExpectedLeaf.Replace("doc-7", "doc-\\ud800", StringComparison.Ordinal);
        Assert.False(AuditEventEncoding.TryDecode(Encoding.UTF8.GetBytes(variant), out _, out _));
    }

    [Fact]
    public void Decode_throws_a_format_exception_with_the_reason()
    {
        var e = Assert.Throws<AuditFormatException>(() => AuditEventEncoding.Decode("{}"u8));
        Assert.Contains("version", e.Message);
    }

    [Fact]
    public void Encoder_refuses_text_with_a_lone_surrogate()
    {
        var auditEvent = SampleEvent() with { Detail = "bad \ud800" };
        Assert.Throws<ArgumentException>(() => AuditEventEncoding.Encode(auditEvent));
    }

    // Replaces the part of ExpectedLeaf that the fragment's prefix identifies with the fragment.
    private static string Mutate(string fragment)
    {
        return fragment switch
        {
            """{"version":1, "sequence":42""" => ExpectedLeaf.Replace("""{"version":1,"sequence":42""", fragment, StringComparison.Ordinal),
            """{"sequence":42,"version":1""" => ExpectedLeaf.Replace("""{"version":1,"sequence":42""", fragment, StringComparison.Ordinal),
            _ when fragment.StartsWith("\"certificateSha256\"", StringComparison.Ordinal) => ExpectedLeaf.Replace("\"certificateSha256\":\"" + string.Concat(Enumerable.Repeat("ab", 32)) + "\"", fragment, StringComparison.Ordinal),
            "C\\u00f4ng" => ExpectedLeaf.Replace("Công", fragment, StringComparison.Ordinal),
            _ when fragment.StartsWith("\"time\"", StringComparison.Ordinal) => ExpectedLeaf.Replace("\"time\":\"2026-11-21T01:30:05.123456Z\"", fragment, StringComparison.Ordinal),
            "\"sequence\":042" => ExpectedLeaf.Replace("\"sequence\":42", fragment, StringComparison.Ordinal),
            "\"version\":2" => ExpectedLeaf.Replace("\"version\":1", fragment, StringComparison.Ordinal),
            _ when fragment.StartsWith("\"detail\"", StringComparison.Ordinal) => ExpectedLeaf[..ExpectedLeaf.IndexOf("\"detail\"", StringComparison.Ordinal)] + fragment + "}",
            "\\\\end\"}\n" => ExpectedLeaf + "\n",
            "\"action\":\"document\\/sent\"" => ExpectedLeaf.Replace("\"action\":\"document.sent\"", fragment, StringComparison.Ordinal),
            _ => throw new ArgumentException(fragment),
        };
    }
}
