#:project ../src/DocExchange.Signing/DocExchange.Signing.csproj
#:property PublishAot=false
// Generates the sample SIGNING PKI in certs-sample/signing with the library's PKI builder. FOR DEMONSTRATION
// ONLY: the private keys are public, in this repository. Run from the repository root:
//   dotnet run certs-sample/generate-signing.cs            (refuses to overwrite existing files)
//   dotnet run certs-sample/generate-signing.cs -- --force (replaces them; tests and README examples use them)
// The TLS and mutual-TLS files beside it come from generate.sh (openssl) and are not touched.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

const string Password = "docexchange-sample";
var force = args.Contains("--force");
var directory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.Combine("certs-sample", "signing");
if (File.Exists(Path.Combine(directory, "root-ca.crt")) && !force)
{
    Console.Error.WriteLine($"{directory} already holds a signing PKI; pass --force to replace it (every signed sample then changes).");
    return 1;
}

var ct = CancellationToken.None;
var now = DateTimeOffset.UtcNow;
var from = now.AddDays(-1);
var until = now.AddYears(10);
var agencies = new (string Code, string Name, string Signer, string Title)[]
{
    ("000.00.00.G22", "Văn phòng Chính phủ", "Nguyễn Văn An", "Chủ nhiệm"),
    ("000.00.00.H41", "UBND tỉnh Nghệ An", "Trần Thị Bình", "Chủ tịch"),
};

using var root = CertificateAuthority.CreateRoot(Name("DocExchange Sample Signing Root CA", "DocExchange Sample"), PkiKeyAlgorithm.EcdsaP384, from, now.AddYears(20));
X509Certificate2[] chain = [root.Certificate];
Directory.CreateDirectory(Path.Combine(directory, "seals"));
await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, "root-ca.crt"), root.Certificate, ct);

X509Certificate2? revoked = null;
foreach (var (code, name, signerName, title) in agencies)
{
    var suffix = code[^3..];
    using var signer = root.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name(signerName, name, title))
    {
        KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = code, NotBefore = from, NotAfter = until,
    });
    await WriteAsync($"signer-{suffix}", signer);
    using var seal = root.Issue(CertificateProfile.OrganisationSeal, new CertificateSpec(Name(name, name))
    {
        KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = code, NotBefore = from, NotAfter = until,
    });
    await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, $"seal-{suffix}.crt"), seal, ct);
    await PkiFiles.WritePfxAsync(Path.Combine(directory, "seals", code + ".p12"), seal, chain, Password, ct);
    if (revoked is null)
    {
        revoked = root.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name("Lê Văn Thu Hồi", name))
        {
            KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = code, NotBefore = from, NotAfter = until,
        });
        await WriteAsync($"revoked-signer-{suffix}", revoked);
    }
}
using var tsa = root.Issue(CertificateProfile.TimestampAuthority, new CertificateSpec(Name("DocExchange Sample TSA", "DocExchange Sample"))
{
    KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, NotBefore = from, NotAfter = until,
});
await WriteAsync("tsa", tsa);
var crl = root.CreateCrl([new CertificateRevocation(revoked!, from.AddHours(1), X509RevocationReason.KeyCompromise)], now.AddMinutes(-5), until);
await File.WriteAllBytesAsync(Path.Combine(directory, "root-ca.crl"), crl, ct);
revoked!.Dispose();
Console.WriteLine($"Sample signing PKI written to {Path.GetFullPath(directory)} (PFX password: {Password})");
return 0;

async Task WriteAsync(string file, X509Certificate2 certificate)
{
    await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, file + ".crt"), certificate, ct);
    await PkiFiles.WritePfxAsync(Path.Combine(directory, file + ".pfx"), certificate, chain, Password, ct);
}

static X500DistinguishedName Name(string cn, string o, string? title = null) => SubjectNames.Of(cn, o, title);
