using DocExchange.Server.Hosting;

namespace DocExchange.Integration.Tests;

/// <summary>A DocExchange:Limits value the server cannot use stops the start-up with one line naming the setting.</summary>
public sealed class LimitsSettingsTests
{
    [Theory]
    [InlineData("MaxRecipients", "0", "DocExchange:Limits:MaxRecipients is 0: it must be positive.")]
    [InlineData("MaxAttachments", "-1", "DocExchange:Limits:MaxAttachments is -1: it may not be negative.")]
    [InlineData("MaxPageSize", "1", "DocExchange:Limits:MaxPageSize is 1: it must be at least DefaultPageSize.")]
    public async Task A_limit_out_of_range_is_refused_naming_its_key_and_value(string name, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync($"--DocExchange:Limits:{name}={value}"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_is_refused_naming_its_key_and_value()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync("--DocExchange:Limits:MaxRecipients=twenty"));

        Assert.Contains("'DocExchange:Limits:MaxRecipients'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'twenty'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }
}
