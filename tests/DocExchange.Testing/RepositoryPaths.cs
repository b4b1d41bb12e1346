namespace DocExchange.Testing;

/// <summary>Files of the repository the tests run from: the sample certificates and the quickstart's sample files.</summary>
public static class RepositoryPaths
{
    /// <summary>The password of every sample key in certs-sample/ (public: demonstration only).</summary>
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
