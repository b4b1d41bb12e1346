using System.Text;
using DocExchange.EdXml.Tests.Support;
using static DocExchange.EdXml.Tests.Support.SamplePackages;

namespace DocExchange.EdXml.Tests.Hostile;

/// <summary>
/// An attachment's base64 as producers write it (lines of 64 or 76 characters, CRLF or LF, indentation, no line breaks at
/// all, every padding) is decoded to exactly the bytes .NET's own decoder gives; base64 that is not is refused naming
/// the element, and a line over the limit naming the limit, wherever in the text the fault is.
/// </summary>
public sealed class Base64ContentTests : IDisposable
{
    private readonly ReaderScratch _scratch = new();

    public static TheoryData<int, string> Layouts() => new()
    {
        { 0, "one line" }, { 1, "one line" }, { 2, "one line" }, { 3, "one line" },
        { 100_000, "one line" }, { 100_001, "76 LF" }, { 100_002, "76 CRLF" }, { 50_000, "64 CRLF indented" }, { 70_000, "spaces and tabs" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Base64_as_producers_lay_it_out_decodes_to_the_same_bytes_as_the_platform_decoder(int size, string layout)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var text = Layout(Convert.ToBase64String(bytes), layout);

        await using var read = await Packages.ReadAsync(Document(attachments: Attachment("a1", text)), Options());

        var decoded = Packages.Content(read.Attachments.Single());
        Assert.Equal(Convert.FromBase64String(text), decoded);
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("aGVs*G8=", "which is not base64")]
    [InlineData("aGVsbG8=aGVs", "base64 continues after its padding")]
    [InlineData("aGVsbG8", "base64 is truncated")]
    [InlineData("aG=sbG8=", "base64 continues after its padding")]
    [InlineData("a===", "is not valid base64")]
    public async Task Base64_that_is_not_is_refused_naming_the_element(string text, string message)
    {
        // The same fault at the start, and behind more than a block of good base64 (the decoder works in 16 K blocks).
        foreach (var prefix in new[] { string.Empty, new string('A', 20_000) })
        {
            var refused = await RefusedAsync(Attachment("a1", prefix + text));

            Assert.Equal(EdXmlErrorKind.Invalid, refused.Kind);
            Assert.Contains("ContentTransferEncoded", refused.Element ?? string.Empty, StringComparison.Ordinal);
            Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public async Task A_line_is_refused_only_past_the_limit_however_it_is_chunked(int lineLength, bool accepted)
    {
        // Lines of exactly lineLength characters, long enough that the XML reader hands them over in several chunks.
        var text = string.Join('\n', Enumerable.Range(0, 60).Select(i => new string((char)('A' + (i % 26)), lineLength)));
        var xml = Document(attachments: Attachment("a1", text));
        var options = Options() with { MaxBase64LineLength = 1000 };

        if (accepted)
        {
            await using var read = await Packages.ReadAsync(xml, options);
            Assert.Equal(Convert.FromBase64String(text), Packages.Content(read.Attachments.Single()));
        }
        else
        {
            var refused = await _scratch.RefusedAsync(xml, options);
            Assert.Equal(EdXmlErrorKind.LimitExceeded, refused.Kind);
            Assert.Equal("MaxBase64LineLength", refused.Limit);
        }
    }

    private static string Layout(string base64, string layout) => layout switch
    {
        "one line" => base64,
        "76 LF" => string.Join('\n', base64.Chunk(76).Select(c => new string(c))),
        "76 CRLF" => string.Join("\r\n", base64.Chunk(76).Select(c => new string(c))),
        "64 CRLF indented" => "\r\n" + string.Concat(base64.Chunk(64).Select(c => "        " + new string(c) + "\r\n")) + "      ",
        "spaces and tabs" => string.Join(' ', base64.Chunk(7).Select((c, i) => new string(c) + (i % 5 == 0 ? "\t" : string.Empty))),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    private EdXmlReaderOptions Options() => _scratch.Options();

    private Task<EdXmlException> RefusedAsync(string attachments) => _scratch.RefusedAsync(Document(attachments: attachments));

    public void Dispose() => _scratch.Dispose();
}
