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
            await File.WriteAllBytesAsync(crl, pki.AgencyCaCrl);
            await ExternalTool.RunCheckedAsync("crlutil", "-I", "-d", database.Argument, "-i", crl);
        }
        return database;
    }

    public void Dispose() => _directory.Dispose();
}
