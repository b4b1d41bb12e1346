namespace DocExchange.Cli.Tests;

/// <summary>Paths in the repository: the sample certificates.</summary>
internal static class Repository
{
    public const string SamplePassword = "docexchange-sample";

    public static string Root { get; } = FindRoot();

    public static string SampleCert(string relativePath) => Path.Combine(Root, "certs-sample", relativePath);

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
