using DocExchange.Core.Text;

namespace DocExchange.Core.Tests;

public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData("Về việc triển khai", "Về việc triển khai")]
    [InlineData("a\u001b[2J\u001b[1;1Hb", "a\uFFFD\uFFFDb")]
    [InlineData("a\u001b]0;title\u0007b", "a\uFFFDb")]
    [InlineData("a\u001b]52;c;cGF5bG9hZA==\u001b\\b", "a\uFFFDb")]
    [InlineData("a\u001bPq#0;2;0;0;0\u001b\\b", "a\uFFFDb")]
    [InlineData("a\u009b31mb", "a\uFFFDb")]
    [InlineData("a\u001bcb", "a\uFFFDb")]
    [InlineData("a\u001b(Bb", "a\uFFFDb")]
    [InlineData("a\u001b", "a\uFFFD")]
    [InlineData("line1\r\nline2\u2028line3", "line1  line2 line3")]
    [InlineData("\u202Eexe.txt", "\uFFFDexe.txt")]
    [InlineData("a\u0000b\u007fc\u0085d", "a\uFFFDb\uFFFDc d")]
    public void Escape_sequences_controls_and_bidi_controls_never_come_through(string text, string expected)
    {
        Assert.Equal(expected, UntrustedText.Printable(text));
        Assert.True(UntrustedText.IsPrintable(UntrustedText.Printable(text)));
    }
}
