using DocExchange.Server.Hosting;

namespace DocExchange.Integration.Tests;

/// <summary>DocExchange:Abuse:MaxConcurrentSends must allow at least one send at a time, or the start-up stops saying so.</summary>
public sealed class SendAdmissionSettingsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-4")]
    public async Task No_turn_for_any_send_is_refused_at_start_up_naming_the_setting(string value)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync($"--DocExchange:Abuse:MaxConcurrentSends={value}"));

        Assert.Equal($"DocExchange:Abuse:MaxConcurrentSends must be positive (it is {value})", error.Message);
    }
}
