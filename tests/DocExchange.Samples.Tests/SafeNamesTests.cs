using DocExchange.Samples.AgencyDmsBridge.Files;

namespace DocExchange.Samples.Tests;

public sealed class SafeNamesTests
{
    [Fact]
    public void A_document_id_becomes_a_single_folder_name_without_separators()
    {
        Assert.Equal("000.00.00.G22,2024-05-01,7816-VPCP-TTĐT", SafeNames.ForDocumentId("000.00.00.G22,2024/05/01,7816/VPCP-TTĐT"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    public void A_document_id_cannot_name_a_parent_folder(string documentId)
    {
        var name = SafeNames.ForDocumentId(documentId);
        Assert.Equal(name, Path.GetFileName(name));
        Assert.NotEqual("..", name);
        Assert.NotEqual(".", name);
    }

    [Fact]
    public void A_document_id_with_controls_or_too_long_for_a_file_system_becomes_an_inert_name_within_240_bytes()
    {
        string notation = string.Concat(Enumerable.Repeat("TTĐT-", 40));
        string name = SafeNames.ForDocumentId($"000.00.00.G22,2024/05/01,7816/\u001b[2J\u202E{notation}");

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(name), 200, 240);
        Assert.StartsWith("000.00.00.G22,2024-05-01,7816-__TTĐT-TTĐT-", name, StringComparison.Ordinal);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c == '\u202E');
    }
}
