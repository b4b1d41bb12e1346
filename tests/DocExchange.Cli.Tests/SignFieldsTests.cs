using System.Text.Json;

namespace DocExchange.Cli.Tests;

/// <summary>dx fields and dx sign --field on a document prepared with an empty signature box; dx verify on a folder. No server.</summary>
public sealed class SignFieldsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly DxRunner _dx;

    public SignFieldsTests()
    {
        _dx = new DxRunner(_temp.File("config.json"));
    }

    public void Dispose() => _temp.Dispose();

    private string Prepared()
    {
        string path = _temp.File("prepared.pdf");
        File.WriteAllBytes(path, Testing.Pdfs.SamplePdf.CreateWithEmptySignatureField("Cong van 7", "LanhDao"));
        return path;
    }

    private Task<DxResult> SignAsync(string input, string output, params string[] more) =>
        _dx.RunAsync(["sign", input, "--cert", Repository.SampleCert("signing/signer-G22.pfx"), "--password", Repository.SamplePassword, "-o", output, .. more]);

    [Fact]
    public async Task Fields_lists_the_empty_box_and_sign_field_fills_it_so_verify_passes_with_that_one_field()
    {
        string input = Prepared();
        string signed = _temp.File("signed.pdf");

        var before = await _dx.RunAsync("fields", input, "--json");
        var sign = await SignAsync(input, signed, "--field", "LanhDao", "--visible");
        var after = await _dx.RunAsync("fields", signed, "--json");
        var verify = await _dx.RunAsync("verify", signed, "--trust", Repository.SampleCert("signing/root-ca.crt"), "--crl", Repository.SampleCert("signing/root-ca.crl"), "--json");

        Assert.True(before.ExitCode == 0, before.ToString());
        var field = Assert.Single(before.Json().EnumerateArray());
        Assert.Equal(("LanhDao", "empty", 1), (field.GetProperty("name").GetString(), field.GetProperty("state").GetString(), field.GetProperty("page").GetInt32()));
        Assert.Equal([320.0, 50, 200, 60], field.GetProperty("rect").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Equal("signed", Assert.Single(after.Json().EnumerateArray()).GetProperty("state").GetString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var signature = Assert.Single(verify.Json().GetProperty("signatures").EnumerateArray());
        Assert.Equal("LanhDao", signature.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Signing_a_field_that_is_already_signed_exits_1_with_a_plain_message()
    {
        string signed = _temp.File("signed.pdf");
        Assert.Equal(0, (await SignAsync(Prepared(), signed, "--field", "LanhDao")).ExitCode);

        var again = await SignAsync(signed, _temp.File("twice.pdf"), "--field", "LanhDao");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("The signature field 'LanhDao' is already signed", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("twice.pdf")));
    }

    [Fact]
    public async Task Verify_of_a_folder_says_it_is_a_folder()
    {
        var result = await _dx.RunAsync("verify", _temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{_temp.Path}' is a directory, not a file.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", result.Stderr, StringComparison.Ordinal);
    }
}
