namespace DocExchange.Samples.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleCert(string fileName) => Path.Combine(Root, "certs-sample", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocExchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DocExchange.sln not found above " + AppContext.BaseDirectory);
    }
}
