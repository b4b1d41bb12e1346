using System.Security.Cryptography;
using System.Text;
using DocExchange.Core.Files;
using DocExchange.Samples.AgencyDmsBridge.Files;

namespace DocExchange.Samples.Tests;

public sealed class SafeNamesTests
{
    [Fact]
    public void A_document_id_becomes_a_single_folder_name_without_separators()
    {
        Assert.Equal("000.00.00.G22,2024-05-01,7816-VPCP-TTĐT", SafeNames.ForDocumentId("000.00.00.G22,2024/05/01,7816/VPCP-TTĐT"));
    }

    /// <summary>The names earlier versions of the bridge gave these ids, so that an upgraded bridge finds what it stored.</summary>
    [Theory]
    [InlineData("000.00.00.H41,2015/09/30,15/QĐ-UBND")]
    [InlineData("000.00.00.G22,2026/12/05,9105/VPCP")]
    [InlineData("000.01.32.H41,2030/01/02,123/UBND-VX (tuyệt mật)")]
    [InlineData("dms-7816")]
    public void An_ordinary_document_id_keeps_the_name_it_always_had(string documentId)
    {
        Assert.Equal(documentId.Replace('/', '-'), SafeNames.ForDocumentId(documentId));
    }

    [Theory]
    [InlineData("000.00.00.G22,2024-05-01,7816-VPCP/TTĐT")]
    [InlineData("000.00.00.G22,2024/05/01,15/2024/NĐ-CP")]
    [InlineData("000.00.00.G22,2024/05/01,1-A/B")]
    [InlineData("000.00.00.G22,2024/05/01,7816/VPCP\\TTĐT")]
    [InlineData("000.00.00.G22,2024-05-01,7816-VPCP-TTĐT")]
    [InlineData("000.00.00.G22,2024/05/01,7816/VPCP~TTĐT")]
    public void An_id_its_name_could_be_mistaken_for_keeps_its_readable_form_followed_by_a_digest_of_the_whole_id(string documentId)
    {
        Assert.Equal(documentId.Replace('/', '-').Replace('\\', '-') + Suffix(documentId), SafeNames.ForDocumentId(documentId));
    }

    [Fact]
    public void A_long_id_is_shortened_in_its_readable_part_and_keeps_its_whole_digest()
    {
        var documentId = "000.00.00.G22,2024/05/01,7816/" + string.Concat(Enumerable.Repeat("TTĐT-", 60));

        var name = SafeNames.ForDocumentId(documentId);

        Assert.InRange(Encoding.UTF8.GetByteCount(name), 200, 240);
        Assert.EndsWith(Suffix(documentId), name, StringComparison.Ordinal);
        Assert.StartsWith(name[..^Suffix(documentId).Length], documentId.Replace('/', '-'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".cursor")]
    [InlineData(".statuses.cursor")]
    [InlineData(".0123456789abcdef0123456789abcdef.partial")]
    public void An_id_that_would_be_a_hidden_name_the_bridge_keeps_for_itself_gets_another_name(string documentId)
    {
        var name = SafeNames.ForDocumentId(documentId);

        Assert.NotEqual(documentId, name);
        Assert.False(name.EndsWith(".partial", StringComparison.Ordinal), name);
        Assert.EndsWith(Suffix(documentId), name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    public void A_document_id_cannot_name_a_parent_folder(string documentId)
    {
        var name = SafeNames.ForDocumentId(documentId);
        Assert.Equal(name, Path.GetFileName(name));
        Assert.NotEqual("..", name);
        Assert.NotEqual(".", name);
    }

    [Fact]
    public void A_document_id_with_controls_or_too_long_for_a_file_system_becomes_an_inert_name_within_240_bytes()
    {
        string notation = string.Concat(Enumerable.Repeat("TTĐT-", 40));
        string name = SafeNames.ForDocumentId($"000.00.00.G22,2024/05/01,7816/\u001b[2J\u202E{notation}");

        Assert.InRange(Encoding.UTF8.GetByteCount(name), 200, 240);
        Assert.StartsWith("000.00.00.G22,2024-05-01,7816-__TTĐT-TTĐT-", name, StringComparison.Ordinal);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c == '\u202E');
    }

    public static TheoryData<string> HostileIds => new()
    {
        ".", "..", "../..", "/", "\\", "~", "a/../../b", "..\\..\\windows", "/etc/passwd", "\u001b]0;title\u0007", "CON", "con.txt",
        "NUL/..", " . ", "~0123456789abcdef0123456789abcdef", "\u202E", "a" + new string('\u0301', 300),
        new string('é', 300), new string('.', 300), new string('~', 300) + ".pdf", "000.00.00.G22,2024/05/01,7816/" + new string(' ', 300) + ".",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Every_name_is_one_entry_inside_its_folder_that_the_library_rules_leave_as_it_is(string documentId) =>
        AssertSafe(SafeNames.ForDocumentId(documentId));

    [Fact]
    public void Every_name_of_ten_thousand_ids_full_of_separators_and_unsafe_characters_is_safe()
    {
        foreach (var documentId in DocumentIdNameCollisionTests.GeneratedIds())
        {
            AssertSafe(SafeNames.ForDocumentId(documentId));
        }
    }

    internal static void AssertSafe(string name)
    {
        Assert.Equal(name, SafeFileName.From(name, "another-fallback"));
        Assert.Equal(name, Path.GetFileName(name));
        Assert.NotEqual("..", name);
        Assert.NotEqual(".", name);
        Assert.InRange(Encoding.UTF8.GetByteCount(name), 1, SafeFileName.MaxBytes);
        var folder = Path.Combine(Path.GetTempPath(), "inbox");
        Assert.Equal(folder, Path.GetDirectoryName(SafeNames.PathIn(folder, name)));
    }

    /// <summary>The documented suffix: '~' and the first 32 hex digits of SHA-256 of the id in UTF-8.</summary>
    private static string Suffix(string documentId) =>
        "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentId)))[..32];
}
