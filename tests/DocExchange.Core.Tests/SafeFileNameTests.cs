using System.Globalization;
using System.Text;
using DocExchange.Core.Files;

namespace DocExchange.Core.Tests;

public sealed class SafeFileNameTests
{
    [Theory]
    [InlineData("congvan.pdf", "congvan.pdf")]
    [InlineData("Công văn 7816.pdf", "Công văn 7816.pdf")]
    [InlineData("..", "part-3")]
    [InlineData(".", "part-3")]
    [InlineData("x/", "part-3")]
    [InlineData("...", "part-3")]
    [InlineData(" . . ", "part-3")]
    [InlineData(".pdf", "part-3.pdf")]
    [InlineData("../../victim/.bashrc", "part-3.bashrc")]
    [InlineData("../../evil.txt", "evil.txt")]
    [InlineData("C:\\Windows\\evil.txt", "evil.txt")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("report.pdf.", "report.pdf")]
    [InlineData("line1\nline2.txt", "line1 line2.txt")]
    [InlineData("tab\there.txt", "tab here.txt")]
    [InlineData("\u001b[31mred\u001b[0m.txt", "_red_.txt")]
    [InlineData("\u001b]0;pwned\u0007title.txt", "_title.txt")]
    [InlineData("\u001b]8;;http://x\u001b\\link.txt", "_link.txt")]
    [InlineData("\u009b2Jc1.txt", "_c1.txt")]
    [InlineData("\u202Etxt.exe", "_txt.exe")]
    [InlineData("a\u2066b\u2069c\u200Fd\u061Ce.txt", "a_b_c_d_e.txt")]
    [InlineData("bell\u0007\u007f.txt", "bell__.txt")]
    [InlineData("what?<is>*this|\"x\":.txt", "what__is__this__x__.txt")]
    [InlineData("con.pdf", "_con.pdf")]
    public void A_sender_chosen_name_becomes_one_inert_file_name(string name, string expected)
    {
        Assert.Equal(expected, SafeFileName.From(name, "part-3"));
    }

    [Fact]
    public void A_name_too_long_for_a_file_system_is_shortened_keeping_its_extension_and_whole_characters()
    {
        // 82 × "Tờ " is 410 bytes of UTF-8; "ờ" is U+1EDD (3 bytes), or o followed by two combining marks (5 bytes).
        string name = string.Concat(Enumerable.Repeat("Tờ ", 82)) + "trình.pdf";
        string decomposed = string.Concat(Enumerable.Repeat("To\u031B\u0300 ", 82)) + "trình.pdf";

        string shortened = SafeFileName.From(name, "part-1");
        string fromDecomposed = SafeFileName.From(decomposed, "part-1");

        Assert.InRange(Encoding.UTF8.GetByteCount(shortened), 230, 240);
        Assert.EndsWith(".pdf", shortened, StringComparison.Ordinal);
        Assert.StartsWith(shortened[..^".pdf".Length], name, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', shortened);
        // Decomposed, "ờ" is three code points: the cut falls between graphemes, never between a letter and its marks.
        string stem = fromDecomposed[..^".pdf".Length];
        Assert.InRange(Encoding.UTF8.GetByteCount(fromDecomposed), 230, 240);
        Assert.StartsWith(stem, decomposed, StringComparison.Ordinal);
        Assert.NotEqual(UnicodeCategory.NonSpacingMark, CharUnicodeInfo.GetUnicodeCategory(decomposed[stem.Length]));
    }

    [Fact]
    public void A_long_name_made_of_combining_sequences_is_cut_between_graphemes()
    {
        // A flag is one grapheme of two code points (8 bytes) that no normalisation merges.
        string flags = string.Concat(Enumerable.Repeat("🇻🇳", 40)) + ".pdf"; // 40 × 8 bytes + 4

        string shortened = SafeFileName.From(flags, "part-1");

        var elements = StringInfo.GetTextElementEnumerator(shortened[..^4]);
        while (elements.MoveNext())
        {
            Assert.Equal("🇻🇳", elements.GetTextElement());
        }
        Assert.InRange(Encoding.UTF8.GetByteCount(shortened), 236 - 8 + 4, 240);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData(".")]
    public void A_path_outside_the_folder_is_refused(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "incoming");

        Assert.Throws<UnsafeFileNameException>(() => SafeFileName.PathInside(folder, name));
    }

    [Fact]
    public void A_safe_name_gives_a_path_directly_inside_the_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "incoming");

        Assert.Equal(Path.Combine(Path.GetFullPath(folder), "congvan.pdf"), SafeFileName.PathInside(folder + "/", "congvan.pdf"));
    }

    [Fact]
    public void Parts_whose_names_clash_or_are_unusable_get_distinct_names_from_their_part_ids()
    {
        var names = PartFileNames.Assign(
        [
            ("main", "congvan.pdf"),
            ("att-1", "CONGVAN.pdf"),
            ("att-2", ".."),
            ("../../victim/.bashrc", "x/"),
            ("att-4", "congvan.pdf"),
        ]);

        Assert.Equal(["congvan.pdf", "att-1-CONGVAN.pdf", "att-2", "part-4.bashrc", "att-4-congvan.pdf"], names);
    }
}
