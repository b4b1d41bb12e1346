using DocExchange.Core.Agencies;

namespace DocExchange.Core.Tests;

public sealed class AgencyCodeTests
{
    [Theory]
    [InlineData("000.00.00.G22", 1)] // Văn phòng Chính phủ (DOMAIN.md)
    [InlineData("000.00.00.G12", 1)] // Bộ Tài chính
    [InlineData("000.00.18.G12", 2)] // Tổng cục Thuế
    [InlineData("000.00.00.H41", 1)] // UBND tỉnh Nghệ An
    [InlineData("000.00.00.H30", 1)] // UBND tỉnh Hậu Giang
    [InlineData("000.05.18.G12", 3)]
    [InlineData("001.05.18.G12", 4)]
    [InlineData("999.99.99.Z99", 4)]
    public void Valid_codes_parse_with_their_level(string text, int level)
    {
        var code = AgencyCode.Parse(text);

        Assert.Equal(text, code.Value);
        Assert.Equal(text, code.ToString());
        Assert.Equal(level, code.Level);
    }

    [Fact]
    public void A_malformed_code_is_refused_with_a_message_showing_the_expected_form()
    {
        var error = Assert.Throws<FormatException>(() => AgencyCode.Parse("000.00.1.G12"));

        Assert.Equal("agency code '000.00.1.G12' is malformed: expected DDD.CC.BB.Xnn such as 000.00.18.G12", error.Message);
    }

    [Theory]
    [InlineData("000.00.18.g12")]
    [InlineData("000.00.18.G1")]
    [InlineData("000.00.18.G123")]
    [InlineData("000-00-18-G12")]
    [InlineData("H01.151")] // Quyết định 20/2020 notation: not the canonical form
    [InlineData("000.00.18.GG2")]
    [InlineData("000.00.18.1G2")]
    [InlineData(" 000.00.18.G12")]
    [InlineData("000.00.18.G12 ")]
    [InlineData("000.0A.18.G12")]
    [InlineData("00.000.18.G12")]
    [InlineData("٠00.00.18.G12")] // a non-ASCII digit
    [InlineData("000.00.18.Đ12")]
    public void Malformed_codes_are_refused_naming_the_expected_form(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains("expected DDD.CC.BB.Xnn such as 000.00.18.G12", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AgencyCode.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_code_is_refused(string? text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("001.00.00.G12")]
    [InlineData("000.01.00.G12")]
    [InlineData("001.01.00.G12")]
    [InlineData("001.00.18.G12")]
    public void A_sub_level_under_a_zero_level_is_refused(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("sub-level is set under a zero level", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.18.G12", "000.00.00.G12")]
    [InlineData("000.05.18.G12", "000.00.18.G12")]
    [InlineData("001.05.18.G12", "000.05.18.G12")]
    [InlineData("000.00.07.H41", "000.00.00.H41")]
    public void The_parent_zeroes_the_lowest_set_level(string child, string parent)
    {
        Assert.Equal(AgencyCode.Parse(parent), AgencyCode.Parse(child).Parent);
    }

    [Fact]
    public void A_level_one_code_has_no_parent()
    {
        Assert.Null(AgencyCode.Parse("000.00.00.G12").Parent);
    }

    [Theory]
    [InlineData("001.05.18.G12", "000.05.18.G12", true)]
    [InlineData("001.05.18.G12", "000.00.18.G12", true)]
    [InlineData("001.05.18.G12", "000.00.00.G12", true)]
    [InlineData("000.00.18.G12", "000.00.00.G12", true)]
    [InlineData("000.00.18.G12", "000.00.18.G12", false)] // not its own descendant
    [InlineData("000.00.00.G12", "000.00.18.G12", false)] // a parent is not below its child
    [InlineData("000.00.18.G12", "000.00.00.G22", false)]
    [InlineData("000.05.18.G12", "000.00.17.G12", false)]
    [InlineData("000.00.18.G12", "000.00.00.H12", false)]
    public void Descendants_are_found_by_walking_up_the_parents(string code, string ancestor, bool expected)
    {
        Assert.Equal(expected, AgencyCode.Parse(code).IsDescendantOf(AgencyCode.Parse(ancestor)));
    }

    [Fact]
    public void Equal_codes_are_equal_and_hash_alike()
    {
        var a = AgencyCode.Parse("000.00.18.G12");
        var b = AgencyCode.Parse(new string("000.00.18.G12".ToCharArray()));

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, AgencyCode.Parse("000.00.00.G12"));
    }

    [Fact]
    public void The_default_value_is_empty()
    {
        AgencyCode code = default;

        Assert.True(code.IsEmpty);
        Assert.Equal(string.Empty, code.Value);
        Assert.Equal(0, code.Level);
        Assert.Null(code.Parent);
    }
}
