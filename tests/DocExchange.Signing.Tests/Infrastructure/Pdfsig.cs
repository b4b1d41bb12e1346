namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>poppler's pdfsig as an independent validator. It exits 0 even for invalid signatures, so read its text.
/// Not -no-ocsp: poppler 22.12 then reports "Unknown issue with Certificate"; our certificates carry no OCSP URL anyway.</summary>
internal static class Pdfsig
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(byte[] pdf, NssDatabase database)
    {
        using var directory = new TempDirectory();
        var path = directory.File("signed.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var result = await ExternalTool.RunAsync("pdfsig", ["-nssdir", database.Argument, path]);
        Assert.True(result.ExitCode == 0, "pdfsig failed: " + result.All);
        // One block per signature, each starting with "Signature #n:".
        return result.StdOut.Split("Signature #", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }
}
