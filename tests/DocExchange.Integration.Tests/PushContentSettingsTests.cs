using DocExchange.Server.Hosting;

namespace DocExchange.Integration.Tests;

/// <summary>DocExchange:Limits:PushContentMaxBytes out of its range stops the start-up with one line naming it.</summary>
public sealed class PushContentSettingsTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("1048577")]
    public async Task A_push_content_limit_out_of_range_is_refused_naming_the_setting_and_the_range(string limit)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync($"--DocExchange:Limits:PushContentMaxBytes={limit}"));

        Assert.Equal(
            $"DocExchange:Limits:PushContentMaxBytes is {limit}: give a size in bytes from 0 (no content pushed with deliveries) to 1048576.", error.Message);
    }

    [Fact]
    public async Task A_push_content_limit_over_half_the_message_size_is_refused_naming_both_settings()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(
            "--DocExchange:Limits:PushContentMaxBytes=600000", "--DocExchange:Grpc:MaxSendMessageSize=1000000"));

        Assert.StartsWith(
            "DocExchange:Limits:PushContentMaxBytes (600000) is more than half of DocExchange:Grpc:MaxSendMessageSize (1000000)", error.Message, StringComparison.Ordinal);
    }
}
