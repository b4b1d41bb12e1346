using DocExchange.Testing.Postgres;

namespace DocExchange.Storage.Tests;

/// <summary>The throwaway cluster the PostgreSQL tests run on.</summary>
public sealed class PostgresTestClusterTests
{
    [Fact]
    public void Missing_server_binaries_fail_with_the_package_to_install()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dx-no-postgresql", Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<InvalidOperationException>(() => PostgresBinaries.Locate(missing, null));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shared_cluster_serves_on_loopback_from_a_server_process_that_is_not_root()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        await using var database = await cluster.CreateDatabaseAsync();

        var address = await database.QueryAsync("SELECT host(inet_server_addr())");
        var postmasterPid = (await File.ReadAllLinesAsync(Path.Combine(cluster.Directory, "data", "postmaster.pid")))[0];
        var uidLine = (await File.ReadAllLinesAsync($"/proc/{postmasterPid}/status")).Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));

        Assert.Equal(["127.0.0.1"], address);
        Assert.NotEqual("0", uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
