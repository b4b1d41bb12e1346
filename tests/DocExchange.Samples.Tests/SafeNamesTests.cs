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
}
