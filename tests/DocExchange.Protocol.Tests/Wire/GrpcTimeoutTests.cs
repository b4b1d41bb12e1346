using DocExchange.Protocol.Grpc.Wire;

namespace DocExchange.Protocol.Tests.Wire;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("2H", 2 * 36_000_000_000L)]
    [InlineData("3M", 3 * 600_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1500n", 15L)]
    [InlineData("1n", 1L)]
    [InlineData("0n", 0L)]
    [InlineData("00000010S", 100_000_000L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    public void Parse_reads_every_unit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("10s")]
    [InlineData("10h")]
    [InlineData("1.5S")]
    [InlineData("-1S")]
    [InlineData(" 1S")]
    [InlineData("1S ")]
    [InlineData("+1S")]
    [InlineData("١S")]
    public void Parse_rejects_values_outside_the_grammar(string? header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(1_000_000L, "100000u")]
    [InlineData(300_000_000L, "30000000u")]
    [InlineData(1_000_000_001L, "100001m")]
    [InlineData(36_000_000_000L, "3600000m")]
    [InlineData(2_000L * 864_000_000_000L, "2880000M")]
    [InlineData(0L, "0n")]
    [InlineData(-5L, "0n")]
    public void Format_picks_the_finest_unit_that_fits_in_eight_digits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Format_clamps_what_no_unit_can_hold()
    {
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345L)]
    [InlineData(987_654_321L)]
    [InlineData(123_456_789_012L)]
    [InlineData(98_765_432_109_876L)]
    public void Formatted_values_parse_back_to_at_least_the_original(long ticks)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.True(formatted.Length <= 9, formatted);
        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed));
        Assert.True(parsed.Ticks >= ticks, $"{formatted} is shorter than {ticks} ticks");
    }
}
