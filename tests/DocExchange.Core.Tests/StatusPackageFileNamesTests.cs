using DocExchange.Core.Files;

namespace DocExchange.Core.Tests;

public sealed class StatusPackageFileNamesTests
{
    [Fact]
    public void An_agency_code_names_the_file_unchanged()
    {
        Assert.Equal("status-7-000.00.00.H41.edxml", StatusPackageFileNames.Of(7, "000.00.00.H41"));
    }

    [Theory]
    [InlineData("../../victim")]
    [InlineData("/etc/cron.d/x")]
    [InlineData("..\\..\\x")]
    [InlineData("\u001b]0;pwned\u0007")]
    [InlineData("\u202Egpj")]
    public void A_hostile_recipient_yields_one_inert_name_inside_the_folder(string recipient)
    {
        var folder = Path.Combine(Path.GetTempPath(), "statuses");
        var name = StatusPackageFileNames.Of(3, recipient);

        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain(name, char.IsControl);
        Assert.EndsWith(".edxml", name, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(SafeFileName.PathInside(folder, name)));
    }
}
