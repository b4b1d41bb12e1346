using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>An NSS database for pdfsig that trusts the sample root (and optionally knows the CRLs).</summary>
internal sealed class NssDatabase : IDisposable
{
    private readonly TempDirectory _directory = new();

    private NssDatabase()
    {
    }

    public string Argument => "sql:" + _directory.Path;

    public static async Task<NssDatabase> CreateAsync(SamplePki pki, bool importCrls = false)
    {
        var database = new NssDatabase();
        var root = database._directory.File("root.pem");
        var agency = database._directory.File("agency.pem");
        await PkiFiles.WriteCertificatePemAsync(root, pki.Root.Certificate, CancellationToken.None);
        await PkiFiles.WriteCertificatePemAsync(agency, pki.AgencyCa.Certificate, CancellationToken.None);
        await ExternalTool.RunCheckedAsync("certutil", "-N", "-d", database.Argument, "--empty-password");
        await ExternalTool.RunCheckedAsync("certutil", "-A", "-d", database.Argument, "-n", "root", "-t", "CT,C,C", "-a", "-i", root);
        await ExternalTool.RunCheckedAsync("certutil", "-A", "-d", database.Argument, "-n", "agency", "-t", ",,", "-a", "-i", agency);
        if (importCrls)
        {
            var crl = database._directory.File("agency.crl");
            await System.IO.File.WriteAllBytesAsync(crl, pki.AgencyCaCrl);
            await ExternalTool.RunCheckedAsync("crlutil", "-I", "-d", database.Argument, "-i", crl);
        }
        return database;
    }

    /// <summary>Imports a certificate with its private key; returns the nickname NSS gave it.</summary>
    public async Task<string> ImportKeyAsync(X509Certificate2 certificate, IEnumerable<X509Certificate2> chain)
    {
        var pfx = _directory.File(Guid.NewGuid().ToString("N") + ".pfx");
        await PkiFiles.WritePfxAsync(pfx, certificate, chain, "nss-import", CancellationToken.None);
        var result = await ExternalTool.RunCheckedAsync("pk12util", "-i", pfx, "-d", Argument, "-W", "nss-import");
        const string marker = "using nickname: ";
        var line = result.All.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(line is not null, "pk12util did not report a nickname: " + result.All);
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    public string File(string name) => _directory.File(name);

    public void Dispose() => _directory.Dispose();
}
