namespace DocExchange.Cli.Tests;

public sealed class AgencyCodeTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public AgencyCodeTests()
    {
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("000.00.1.G12")]
    [InlineData("000.00.18.g12")]
    [InlineData("G12")]
    [InlineData("000.00.18.G12 ")]
    public async Task Malformed_agency_code_is_a_usage_error_showing_the_expected_form(string code)
    {
        var result = await _dx.RunAsync("agency", "check", "000.00.00.H41", code);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"agency code '{code}' is malformed: expected DDD.CC.BB.Xnn such as 000.00.18.G12", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Well_formed_codes_pass_and_json_shows_their_levels()
    {
        var result = await _dx.RunAsync("agency", "check", "000.00.18.G12", "000.00.00.H41", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var codes = result.Json().EnumerateArray().ToList();
        Assert.Equal(2, codes.Count);
        Assert.Equal("000.00.18.G12", codes[0].GetProperty("code").GetString());
        Assert.Equal("G12", codes[0].GetProperty("level1").GetString());
        Assert.Equal("18", codes[0].GetProperty("level2").GetString());
        Assert.Equal("00", codes[0].GetProperty("level3").GetString());
        Assert.Equal("000", codes[0].GetProperty("level4").GetString());
        Assert.Equal("H41", codes[1].GetProperty("level1").GetString());
    }

    [Fact]
    public async Task Well_formed_code_shows_a_check_mark_for_people()
    {
        var result = await _dx.RunAsync("agency", "check", "000.00.18.G12");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Stdout.Split('\n'), line => line.Contains("000.00.18.G12", StringComparison.Ordinal) && line.Contains('✓'));
    }
}
