using System.Text;
using Grpc.Core;
using DocExchange.Testing.Calls;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A hostile sender writing its own protobuf messages (no client library to stop it): part ids that could become
/// paths, escapes or log lines on a recipient's machine are refused at the door, and file names are bounded in UTF-8
/// bytes, the unit file systems count.
/// </summary>
public sealed class HostilePartTests : IAsyncLifetime
{
    // 246 bytes of UTF-8 in 182 characters: within a limit of 255 characters, but too long for a 255-byte file system
    // once anything is added to it.
    private const string VietnameseName =
        "Tờ trình về việc phê duyệt chủ trương đầu tư dự án xây dựng trụ sở làm việc của Ủy ban nhân dân tỉnh Nghệ An và các đơn vị trực thuộc giai đoạn hai nghìn hai mươi sáu đến hết năm.pdf";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("../x")]
    [InlineData("../../victim/.bashrc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a\u0001b")]
    [InlineData("a\nb")]
    [InlineData("a\u001b[2Jb")]
    [InlineData("phụ-lục")]
    [InlineData("a b")]
    [InlineData("C:evil")]
    public async Task A_part_id_outside_the_safe_characters_is_refused_as_invalid_argument_naming_the_rule(string partId)
    {
        var pdf = SamplePdf.Create("hostile part id");
        var header = Exchanges.Header("hostile-id-" + Guid.NewGuid().ToString("N"), TestServer.H41, pdf);
        header.Parts[0].PartId = partId;

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("letters A-Z and a-z, digits 0-9, '.', '_' and '-'", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.Status.Detail);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_part_id_over_its_length_is_refused_as_invalid_argument()
    {
        var pdf = SamplePdf.Create("long part id");
        var header = Exchanges.Header("long-id", TestServer.H41, pdf);
        header.Parts[0].PartId = new string('a', 65);

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("part id is 65 characters long; at most 64 are allowed", error.Status.Detail);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_name_over_200_bytes_of_utf8_is_refused_naming_the_byte_limit()
    {
        Assert.Equal(246, Encoding.UTF8.GetByteCount(VietnameseName));
        var pdf = SamplePdf.Create("long name");
        var header = Exchanges.Header("long-name", TestServer.H41, pdf);
        header.Parts[0].FileName = VietnameseName;

        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            $"file name of part 'main' is 246 bytes long in UTF-8 ({VietnameseName.Length} characters); at most 200 bytes of UTF-8 are allowed: shorten the name",
            error.Status.Detail);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_name_of_200_bytes_and_names_that_only_a_recipient_must_clean_are_stored_as_sent()
    {
        string name200 = string.Concat(Enumerable.Repeat("Tờ ", 39)) + ".pdf";
        while (Encoding.UTF8.GetByteCount(name200) < 200)
        {
            name200 = "x" + name200;
        }
        Assert.Equal(200, Encoding.UTF8.GetByteCount(name200));

        string[] names = [name200, "..", "x/", "../../evil", "\u001b[2J\u202Efdp.exe"];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var pdf = SamplePdf.Create("stored name");
            var header = Exchanges.Header("name-" + i, TestServer.H41, pdf, number: (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            header.Parts[0].FileName = name;

            var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf);

            Assert.Equal(name, sent.Parts.Single().FileName);
        }
    }

    private async Task AssertNothingStoredAsync()
    {
        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
        Assert.Empty(sent.Documents);
    }
}
