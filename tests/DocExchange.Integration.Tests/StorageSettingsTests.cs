using DocExchange.Server.Hosting;
using DocExchange.Testing.Network;
using DocExchange.Testing.Storage;

namespace DocExchange.Integration.Tests;

/// <summary>DocExchange:Storage settings that cannot work stop the start-up with one line saying what to fix; those that can, apply.</summary>
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

    [Theory]
    [InlineData("-1")]
    [InlineData("16777217")]
    public async Task An_inline_content_limit_out_of_range_is_refused_naming_the_range(string limit)
    {
        var error = await RefusedAsync($"--DocExchange:Storage:InlineContentMaxBytes={limit}");

        Assert.Contains($"DocExchange:Storage:InlineContentMaxBytes is {limit}: give a size in bytes from 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_spool_memory_is_refused_naming_the_setting()
    {
        var error = await RefusedAsync("--DocExchange:Storage:SpoolMemoryBytes=-1");

        Assert.Contains("DocExchange:Storage:SpoolMemoryBytes is -1: give the bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_inline_content_limit_of_zero_every_part_is_a_blob_file()
    {
        await using var server = await TestServer.StartAsync("--DocExchange:Storage:InlineContentMaxBytes=0");
        await Exchanges.RegisterSampleAgenciesAsync(server);
        var pdf = SamplePdf.Create("Small, kept in a file");

        await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("inline-off", TestServer.H41, pdf), pdf);

        var (name, bytes) = Assert.Single(await StoredContents.ReadAsync(server.DataDirectory));
        Assert.Single(StoredContents.BlobFiles(server.DataDirectory));
        Assert.Equal(pdf, bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), name);
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
