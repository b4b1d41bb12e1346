namespace DocExchange.Cli.Tests.Network;

internal static class RepositoryPaths
{
    public const string SamplePassword = "docexchange-sample";

    public static string Root { get; } = FindRoot();

    public static string SampleCert(string fileName) => Path.Combine(Root, "certs-sample", fileName);

    /// <summary>The quickstart's sample files (docs/sample).</summary>
    public static string Sample(string fileName) => Path.Combine(Root, "docs", "sample", fileName);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DocExchange.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No DocExchange.sln above {AppContext.BaseDirectory}.");
    }
}
