using DocExchange.Testing.Processes;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>xmllint (Debian libxml2-utils) and xmlsec1 (Debian xmlsec1) as independent judges of the packages the server writes.</summary>
internal static class EdXmlJudges
{
    public static Task<CommandResult> XmllintAsync(string file) => RunAsync("xmllint", ["--nonet", "--noout", file]);

    /// <summary>Verifies the envelope signature with the sample signing root as the only trust anchor.</summary>
    public static Task<CommandResult> XmlsecVerifyAsync(string file) => RunAsync("xmlsec1",
    [
        "--verify",
        "--trusted-pem", RepositoryPaths.SampleCert("signing/root-ca.crt"),
        "--id-attr:Id", $"{HandWrittenPackage.Ns}:edXMLHeader",
        "--id-attr:Id", $"{HandWrittenPackage.Ns}:edXMLBody",
        file,
    ]);

    private static async Task<CommandResult> RunAsync(string program, string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Command.RunAsync(Command.Describe(program, arguments, null, Path.GetTempPath()), timeout.Token);
    }
}
