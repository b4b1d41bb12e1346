using System.Text.Json;

namespace DocExchange.Cli.Tests;

/// <summary>
/// What the dx signing and verification tests share: a temporary folder with its own dx configuration, PDFs signed
/// there by dx with a certificate of the generated test PKI, and the one signature of a <c>dx verify --json</c> answer.
/// </summary>
public abstract class DxSigningTest : IDisposable
{
    protected TempDirectory Temp { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected DxRunner Dx() => new(Temp.File("config.json")) { WorkingDirectory = Temp.Path };

    /// <summary>A fresh sample PDF named after <paramref name="name"/>.</summary>
    protected string Input(string name)
    {
        string path = Temp.File(name + "-in.pdf");
        File.WriteAllBytes(path, Testing.Pdfs.SamplePdf.Create("Cong van " + name));
        return path;
    }

    /// <summary>A sample PDF signed by dx with <paramref name="pfx"/>; the signing itself must succeed.</summary>
    protected async Task<string> SignedByAsync(string pfx, string name)
    {
        string output = Temp.File(name + ".pdf");
        var sign = await Dx().RunAsync("sign", Input(name), "--cert", pfx, "--password", TestPkiFiles.Password, "-o", output);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        return output;
    }

    private protected static JsonElement OnlySignature(DxResult result) => Assert.Single(result.Json().GetProperty("signatures").EnumerateArray());
}
