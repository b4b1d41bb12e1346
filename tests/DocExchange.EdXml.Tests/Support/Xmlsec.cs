using DocExchange.Signing.Pki;
using DocExchange.Testing.Pki;
using DocExchange.Testing.Processes;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>xmlsec1 (Debian xmlsec1, OpenSSL backend) as an independent XML-DSig judge and producer.</summary>
internal static class Xmlsec
{
    /// <summary>The Id attributes xmlsec1 must know to resolve our same-document references.</summary>
    private static readonly string[] IdAttributes =
    [
        "--id-attr:Id", $"{EdXmlNames.Namespace}:{EdXmlNames.Header}",
        "--id-attr:Id", $"{EdXmlNames.Namespace}:{EdXmlNames.Body}",
    ];

    /// <summary>Verifies with the sample root as the only trust anchor and the agency CA as an untrusted intermediate.</summary>
    public static async Task<CommandResult> VerifyAsync(TempDirectory folder, SamplePki pki, byte[] package)
    {
        var file = folder.File($"verify-{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(file, package);
        return await ExternalTool.RunAsync("xmlsec1", ["--verify", .. await TrustAsync(folder, pki), .. IdAttributes, file]);
    }

    /// <summary>Signs a template (an envelope with an empty Signature) with the agency seal's key and certificate.</summary>
    public static async Task<byte[]> SignAsync(TempDirectory folder, SamplePki pki, string template)
    {
        var input = folder.File($"template-{Guid.NewGuid():N}.xml");
        var output = input + ".signed";
        await File.WriteAllTextAsync(input, template);
        var key = folder.File("seal.key.pem");
        var certificate = folder.File("seal.pem");
        await PkiFiles.WritePrivateKeyPemAsync(key, pki.OrganisationSeal, CancellationToken.None);
        await PkiFiles.WriteCertificatePemAsync(certificate, pki.OrganisationSeal, CancellationToken.None);
        (await ExternalTool.RunAsync("xmlsec1", ["--sign", "--privkey-pem", $"{key},{certificate}", .. IdAttributes, "--output", output, input])).EnsureSuccess();
        return await File.ReadAllBytesAsync(output);
    }

    private static async Task<string[]> TrustAsync(TempDirectory folder, SamplePki pki)
    {
        var root = folder.File("root.pem");
        var ca = folder.File("agency-ca.pem");
        await PkiFiles.WriteCertificatePemAsync(root, pki.Root.Certificate, CancellationToken.None);
        await PkiFiles.WriteCertificatePemAsync(ca, pki.AgencyCa.Certificate, CancellationToken.None);
        return ["--trusted-pem", root, "--untrusted-pem", ca];
    }
}
