using DocExchange.Core.Agencies;

namespace DocExchange.Core.Tests;

public sealed class AgencyCodeTests
{
    [Theory]
    [InlineData("000.00.00.G22", 1)] // Văn phòng Chính phủ (docs/STANDARDS.md)
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

    // Boundary tests of the QCVN 102:2016 form DDD.CC.BB.Xnn, position by position. The base code sets every level
    // with nines, so that a digit changed anywhere never makes a level zero (which another rule refuses).
    private const string Base = "999.99.99.Z99";
    private static readonly int[] DigitPositions = [0, 1, 2, 4, 5, 7, 8, 11, 12];
    private static readonly int[] SeparatorPositions = [3, 6, 9];
    private const int LetterPosition = 10;

    private static string With(int position, char c) => string.Concat(Base.AsSpan(0, position), c.ToString(), Base.AsSpan(position + 1));

    /// <summary>Every position with every character that must not stand there: neighbours of the allowed range, other scripts, separators, spaces.</summary>
    public static TheoryData<string, int> WrongCharacterAtEachPosition()
    {
        var data = new TheoryData<string, int>();
        foreach (var position in DigitPositions)
        {
            foreach (var c in "/:Aa.- \t٠０¹")
            {
                data.Add(With(position, c), position);
            }
        }
        foreach (var position in SeparatorPositions)
        {
            foreach (var c in "X-09 ,/·。\t")
            {
                data.Add(With(position, c), position);
            }
        }
        foreach (var c in "@[`{az09.- ĐＧΑ")
        {
            data.Add(With(LetterPosition, c), LetterPosition);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongCharacterAtEachPosition))]
    public void A_wrong_character_at_any_position_is_refused_as_malformed(string text, int position)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error), $"'{text}' (position {position}) was accepted");
        Assert.Equal($"agency code '{text}' is malformed: expected DDD.CC.BB.Xnn such as 000.00.18.G12", error);
    }

    [Theory]
    [InlineData("000.00.18XG12")] // the fourth separator
    [InlineData("000.00.18-G12")]
    [InlineData("000.00X18.G12")] // the third
    [InlineData("000X00.18.G12")] // the second
    public void The_separators_between_the_levels_must_be_dots(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out _));
    }

    public static TheoryData<string> EveryDigitAtEachDigitPosition()
    {
        // Base itself (a 9 at every position) once, not once per position.
        var data = new TheoryData<string> { Base };
        foreach (var position in DigitPositions)
        {
            for (var digit = '0'; digit <= '8'; digit++)
            {
                data.Add(With(position, digit));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDigitAtEachDigitPosition))]
    public void Every_digit_is_allowed_at_every_digit_position(string text)
    {
        Assert.True(AgencyCode.TryParse(text, out var code, out var error), error);
        Assert.Equal(text, code.Value);
    }

    public static TheoryData<string> EveryCapitalLetterOfLevelOne()
    {
        var data = new TheoryData<string>();
        for (var letter = 'A'; letter <= 'Z'; letter++)
        {
            data.Add($"000.00.00.{letter}00");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCapitalLetterOfLevelOne))]
    public void Every_capital_letter_starts_a_level_one_code(string text)
    {
        Assert.True(AgencyCode.TryParse(text, out var code, out var error), error);
        Assert.Equal(1, code.Level);
    }

    [Theory]
    [InlineData("000.00.00.g22")]
    [InlineData("000.00.18.h41")]
    [InlineData("999.99.99.z99")]
    public void Lower_case_letters_are_refused_rather_than_folded(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("malformed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("             ")] // 13 spaces
    [InlineData("000.00.18.G12\n")]
    [InlineData("\t000.00.18.G12")]
    [InlineData("000.00.18.G12\u00A0")] // no-break space
    [InlineData("000.00.18.G1\u200B2")] // zero-width space
    [InlineData("000. 00.18.G12")]
    [InlineData("000.00.18. G12")]
    public void Whitespace_anywhere_is_refused_rather_than_trimmed(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("malformed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.18.G12.01")] // an extra segment
    [InlineData("01.000.00.18.G12")]
    [InlineData("000.00.18.G12.")]
    [InlineData(".000.00.18.G12")]
    [InlineData("000.00.18")] // a missing segment
    [InlineData("00.18.G12")]
    [InlineData("000.00.G12")]
    [InlineData("000.00..G12")]
    [InlineData("000..00.18.G12")]
    [InlineData("0000.00.18.G1")] // the right length, the segments shifted
    [InlineData("000.000.18.G1")]
    [InlineData("000.00.181.G1")]
    [InlineData("00.00.18.G123")]
    [InlineData("000.0.18.G123")]
    [InlineData("000.00.8.G123")]
    [InlineData("000.00.18.12G")]
    [InlineData("G12.18.00.000")] // highest level first
    public void Extra_missing_or_shifted_segments_are_refused(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("malformed", error, StringComparison.Ordinal);
    }

    public static TheoryData<string> EveryOtherLength()
    {
        var data = new TheoryData<string>();
        const string Longer = "999.99.99.Z99.99.99.Z99";
        for (var length = 1; length <= Longer.Length; length++)
        {
            if (length != AgencyCode.Length) data.Add(Longer[..length]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOtherLength))]
    public void A_code_of_any_length_but_thirteen_is_refused(string text)
    {
        Assert.False(AgencyCode.TryParse(text, out _, out var error));
        Assert.Contains("malformed", error, StringComparison.Ordinal);
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
