using DocExchange.Server.Hosting;
using DocExchange.Testing.Network;

namespace DocExchange.Integration.Tests;

/// <summary>DocExchange:Storage settings that cannot work stop the start-up with one line saying what to fix.</summary>
public sealed class StorageSettingsTests
{
    private static Task<StartupException> RefusedAsync(params string[] settings) =>
        Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(settings));

    [Fact]
    public async Task Postgres_without_a_connection_string_names_the_setting_to_set()
    {
        var error = await RefusedAsync("--DocExchange:Storage:Provider=Postgres");

        Assert.Contains("DocExchange:Storage:ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_naming_the_choices()
    {
        var error = await RefusedAsync("--DocExchange:Storage:Provider=Oracle");

        Assert.Contains("must be Sqlite or Postgres, not 'Oracle'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_named_without_its_password()
    {
        using var closed = new ClosedLoopbackPort();
        var closedPort = closed.Port;

        var error = await RefusedAsync(
            "--DocExchange:Storage:Provider=Postgres",
            $"--DocExchange:Storage:ConnectionString=Host=127.0.0.1;Port={closedPort};Database=docexchange;Username=dx;Password=very-secret;Timeout=3");

        Assert.Contains($"cannot open the database at PostgreSQL 127.0.0.1:{closedPort}/docexchange", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", error.ToString(), StringComparison.Ordinal);
    }
}
