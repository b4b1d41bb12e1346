using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;

namespace DocExchange.Core.Tests;

public sealed class DocumentIdTests
{
    [Fact]
    public void The_edxml_example_parses_into_its_fields()
    {
        var id = DocumentId.Parse("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");

        Assert.Equal(AgencyCode.Parse("000.00.00.G22"), id.Sender);
        Assert.Equal(new DateOnly(2015, 9, 30), id.Date);
        Assert.Equal("7816", id.CodeNumber);
        Assert.Equal("VPCP-TTĐT", id.CodeNotation);
    }

    [Fact]
    public void Formatting_writes_the_edxml_form()
    {
        var id = new DocumentId(AgencyCode.Parse("000.00.18.G12"), new DateOnly(2024, 1, 5), "12", "TCT-KK");

        Assert.Equal("000.00.18.G12,2024/01/05,12/TCT-KK", id.ToString());
    }

    [Fact]
    public void A_notation_may_contain_a_slash_after_the_number()
    {
        var id = DocumentId.Parse("000.00.00.G22,2020/06/05,30/2020/NĐ-CP");

        Assert.Equal("30", id.CodeNumber);
        Assert.Equal("2020/NĐ-CP", id.CodeNotation);
        Assert.Equal("000.00.00.G22,2020/06/05,30/2020/NĐ-CP", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("000.00.00.G22")]
    [InlineData("000.00.00.G22,2015/09/30")]
    [InlineData("000.00.00.G22,2015/09/30,7816")]
    [InlineData("000.00.00.G22,2015/09/30,/VPCP")]
    [InlineData("000.00.00.G22,2015/09/30,7816/")]
    [InlineData("000.00.00.G22,2015-09-30,7816/VPCP")]
    [InlineData("000.00.00.G22,2015/02/30,7816/VPCP")]
    [InlineData("000.00.00.G22,15/09/30,7816/VPCP")]
    [InlineData("000.00.0.G22,2015/09/30,7816/VPCP")]
    [InlineData("000.00.00.G22,2015/09/30,7816/VP,CP")]
    public void Malformed_ids_are_refused_with_a_message(string text)
    {
        Assert.False(DocumentId.TryParse(text, out _, out var error));
        Assert.StartsWith($"document id '{text}' is malformed", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DocumentId.Parse(text));
    }

    [Theory]
    [InlineData("7816", "VPCP-TTĐT", null)]
    [InlineData("", "VPCP", "code number (số) is required")]
    [InlineData("7816", " ", "code notation (ký hiệu) is required")]
    [InlineData("78/16", "VPCP", "code number '78/16' may not contain '/' or ','")]
    [InlineData("78,16", "VPCP", "code number '78,16' may not contain '/' or ','")]
    [InlineData("7816", "VP,CP", "code notation 'VP,CP' may not contain ','")]
    public void Number_and_notation_are_checked_before_an_id_is_made(string number, string notation, string? problem)
    {
        Assert.Equal(problem, DocumentId.ValidateCode(number, notation));
    }
}
