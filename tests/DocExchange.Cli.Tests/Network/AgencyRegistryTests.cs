namespace DocExchange.Cli.Tests.Network;

/// <summary>The operator's registry commands: add, show, list, update, deactivate, reactivate.</summary>
[Collection(CliServerCollection.Name)]
public sealed class AgencyRegistryTests(CliServer server)
{
    [Fact]
    public async Task An_operator_registers_shows_lists_updates_deactivates_and_reactivates_an_agency()
    {
        var dx = server.Dx(Identity.Operator);

        var parent = await dx.RunAsync("agency", "add", "000.00.00.K01", "--name", "Bộ Thử nghiệm", "--email", "vanthu@thunghiem.gov.vn",
            "--phone", "024 3825 0000", "--address", "1 Hoàng Hoa Thám, Hà Nội", "--json");
        var child = await dx.RunAsync("agency", "add", "000.00.05.K01", "--name", "Cục Thử nghiệm", "--json");
        var grandchild = await dx.RunAsync("agency", "add", "000.07.05.K01", "--name", "Phòng Thử nghiệm");
        Assert.True(parent.ExitCode == 0, parent.ToString());
        Assert.True(child.ExitCode == 0, child.ToString());
        Assert.True(grandchild.ExitCode == 0, grandchild.ToString());
        Assert.Contains("✓ Registered 000.07.05.K01 (Phòng Thử nghiệm).", grandchild.Stdout, StringComparison.Ordinal);
        Assert.Equal("000.00.00.K01", child.Json().GetProperty("parentCode").GetString());

        var shown = await dx.RunAsync("agency", "show", "000.00.00.K01", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var agency = shown.Json();
        Assert.Equal("Bộ Thử nghiệm", agency.GetProperty("name").GetString());
        Assert.True(agency.GetProperty("active").GetBoolean());
        Assert.Equal("vanthu@thunghiem.gov.vn", agency.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("024 3825 0000", agency.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("1 Hoàng Hoa Thám, Hà Nội", agency.GetProperty("contact").GetProperty("address").GetString());

        var direct = await dx.RunAsync("agency", "list", "000.00.00.K01", "--json");
        var all = await dx.RunAsync("agency", "list", "000.00.00.K01", "--recursive", "--json");
        Assert.Equal(["000.00.05.K01"], direct.Json().EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        Assert.Equal(["000.00.05.K01", "000.07.05.K01"], all.Json().EnumerateArray().Select(a => a.GetProperty("code").GetString()).Order());

        var renamed = await dx.RunAsync("agency", "update", "000.00.05.K01", "--name", "Cục Thử nghiệm và Đánh giá", "--json");
        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        Assert.Equal("Cục Thử nghiệm và Đánh giá", renamed.Json().GetProperty("name").GetString());

        var deactivated = await dx.RunAsync("agency", "deactivate", "000.00.05.K01", "--reason", "Sáp nhập", "--json");
        Assert.True(deactivated.ExitCode == 0, deactivated.ToString());
        Assert.False(deactivated.Json().GetProperty("active").GetBoolean());
        var listedActive = await dx.RunAsync("agency", "list", "000.00.00.K01", "--json");
        var listedAll = await dx.RunAsync("agency", "list", "000.00.00.K01", "--include-inactive", "--json");
        Assert.Empty(listedActive.Json().EnumerateArray());
        Assert.Single(listedAll.Json().EnumerateArray());

        var reactivated = await dx.RunAsync("agency", "update", "000.00.05.K01", "--reactivate", "--json");
        Assert.True(reactivated.ExitCode == 0, reactivated.ToString());
        Assert.True(reactivated.Json().GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Registering_a_taken_code_exits_1_with_already_exists()
    {
        var added = await server.Dx(Identity.Operator).RunAsync("agency", "add", Agencies.H41, "--name", "Trùng mã");

        Assert.True(added.ExitCode == 1, added.ToString());
        Assert.StartsWith($"dx: error: RegisterAgency refused (ALREADY_EXISTS): agency {Agencies.H41} is already registered", added.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Showing_an_unregistered_agency_exits_1_with_not_found()
    {
        var shown = await server.Dx(Identity.Operator).RunAsync("agency", "show", "000.00.00.K99");

        Assert.True(shown.ExitCode == 1, shown.ToString());
        Assert.StartsWith("dx: error: GetAgency refused (NOT_FOUND):", shown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_for_people_is_a_table_of_the_agencys_fields()
    {
        var shown = await server.Dx(Identity.Operator).RunAsync("agency", "show", Agencies.G22);

        Assert.True(shown.ExitCode == 0, shown.ToString());
        var lines = shown.Stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains("Code", StringComparison.Ordinal) && l.Contains(Agencies.G22, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Name", StringComparison.Ordinal) && l.Contains("Văn phòng Chính phủ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Active", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_without_anything_to_change_is_a_usage_error()
    {
        var updated = await server.Dx(Identity.Operator).RunAsync("agency", "update", Agencies.G22);

        Assert.True(updated.ExitCode == 2, updated.ToString());
        Assert.Contains("nothing to change", updated.Stderr, StringComparison.Ordinal);
    }
}
