using DocExchange.Samples.AgencyDmsBridge.Files;

namespace DocExchange.Samples.Tests;

/// <summary>Two document ids never share a file or folder name, however a sender chooses them.</summary>
public sealed class DocumentIdNameCollisionTests
{
    private const string Prefix = "000.00.00.G22,2024/05/01,";

    public static TheoryData<string, string> IdsAlikeOnceMadeSafe => new()
    {
        // '/' and '-' trade places.
        { "000.00.00.G22,2024/05/01,7816/VPCP-TTĐT", "000.00.00.G22,2024-05-01,7816-VPCP/TTĐT" },
        // Number "1-A" with notation "B", and number "1" with notation "A-B".
        { Prefix + "1-A/B", Prefix + "1/A-B" },
        { Prefix + "7816/VPCP\\TTĐT", Prefix + "7816/VPCP/TTĐT" },
        // What SafeFileName does: a control and an escape sequence become '_', a tab a space, ':' '_', a trailing dot goes.
        { Prefix + "7816/VPCP\u0007TTĐT", Prefix + "7816/VPCP_TTĐT" },
        { Prefix + "7816/VPCP\u001b[2JTTĐT", Prefix + "7816/VPCP_TTĐT" },
        { Prefix + "7816/VPCP\tTTĐT", Prefix + "7816/VPCP TTĐT" },
        { Prefix + "7816/VPCP:TTĐT", Prefix + "7816/VPCP_TTĐT" },
        { Prefix + "7816/VPCP.", Prefix + "7816/VPCP" },
        // Long ids that differ only past the point where a name is shortened.
        { Prefix + "7816/" + new string('A', 300) + "1", Prefix + "7816/" + new string('A', 300) + "2" },
        { Prefix + "7816/" + string.Concat(Enumerable.Repeat("TTĐT-", 60)) + "X", Prefix + "7816/" + string.Concat(Enumerable.Repeat("TTĐT-", 60)) + "Y" },
    };

    [Theory]
    [MemberData(nameof(IdsAlikeOnceMadeSafe))]
    public void Ids_that_differ_only_in_what_is_made_safe_get_different_names(string documentId, string other)
    {
        Assert.NotEqual(documentId, other);
        Assert.NotEqual(SafeNames.ForDocumentId(documentId), SafeNames.ForDocumentId(other));
    }

    /// <summary>Not theory data: xUnit replaces unpaired surrogates in the arguments it shows and serialises.</summary>
    [Fact]
    public void Ids_that_differ_only_in_unpaired_surrogates_or_what_replaces_them_get_different_names()
    {
        string[] ids = [Prefix + "7816/VPCP\uD800", Prefix + "7816/VPCP\uDC00", Prefix + "7816/VPCP\uDC00\uD800", Prefix + "7816/VPCP\uFFFD", Prefix + "7816/VPCP_"];

        var names = ids.Select(SafeNames.ForDocumentId).ToList();

        Assert.Equal(ids.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, SafeNamesTests.AssertSafe);
    }

    [Fact]
    public void An_id_as_long_as_a_name_may_be_and_the_same_id_one_character_longer_get_different_names()
    {
        var atTheLimit = Prefix + "7816/" + new string('A', 240 - Prefix.Length - "7816/".Length);
        Assert.Equal(240, System.Text.Encoding.UTF8.GetByteCount(atTheLimit));

        Assert.NotEqual(SafeNames.ForDocumentId(atTheLimit), SafeNames.ForDocumentId(atTheLimit + "A"));
    }

    [Theory]
    [InlineData(Prefix + "7816/VPCP/TTĐT")]
    [InlineData(Prefix + "1-A/B")]
    [InlineData(Prefix + "7816/VPCP\u0007TTĐT")]
    [InlineData("..")]
    public void An_id_chosen_to_be_another_ids_name_does_not_get_that_name(string documentId)
    {
        var name = SafeNames.ForDocumentId(documentId);

        Assert.NotEqual(name, SafeNames.ForDocumentId(name));
    }

    [Theory]
    [InlineData("7816/VPCP/TTĐT")]
    [InlineData("1-A/B")]
    [InlineData("7816/" + "TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-TTĐT-")]
    public void An_edXML_shaped_id_written_as_another_ids_name_with_its_slashes_put_back_does_not_get_that_name(string code)
    {
        var name = SafeNames.ForDocumentId(Prefix + code);
        var readablePrefix = Prefix.Replace('/', '-');
        Assert.StartsWith(readablePrefix, name, StringComparison.Ordinal);
        var slash = name.IndexOf('-', readablePrefix.Length);
        var crafted = Prefix + name[readablePrefix.Length..slash] + "/" + name[(slash + 1)..];

        Assert.NotEqual(name, SafeNames.ForDocumentId(crafted));
    }

    /// <summary>
    /// Every id made of a document id's shape with each separator drawn from what the rules treat specially: 10^4
    /// ids, which today's rules alone would map onto a few hundred names.
    /// </summary>
    [Fact]
    public void Ten_thousand_ids_differing_only_in_separators_and_unsafe_characters_get_ten_thousand_names()
    {
        var ids = GeneratedIds().ToList();

        var names = ids.Select(SafeNames.ForDocumentId).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Count, names.Count);
    }

    internal static IEnumerable<string> GeneratedIds()
    {
        char[] specials = ['/', '\\', '-', '~', '_', ',', '\u0007', ':', ' ', '.'];
        foreach (var a in specials)
        {
            foreach (var b in specials)
            {
                foreach (var c in specials)
                {
                    foreach (var d in specials)
                    {
                        yield return $"000.00.00.G22,2024{a}05{b}01,7816{c}VPCP{d}";
                    }
                }
            }
        }
    }
}
