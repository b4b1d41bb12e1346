namespace DocExchange.Testing.Postgres;

/// <summary>Finds the server binaries of the newest installed PostgreSQL (Debian: /usr/lib/postgresql/&lt;version&gt;/bin).</summary>
public static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The folder holding initdb and postgres; fails with how to install them when there is none.</summary>
    public static string Locate() => Locate(DebianRoot, Environment.GetEnvironmentVariable("DOCEXCHANGE_PG_BIN"));

    /// <summary>Looks in <paramref name="overrideDirectory"/> first, then in the newest version under <paramref name="debianRoot"/>.</summary>
    public static string Locate(string debianRoot, string? overrideDirectory)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(overrideDirectory)) candidates.Add(overrideDirectory);
        if (Directory.Exists(debianRoot))
        {
            candidates.AddRange(Directory.EnumerateDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version >= 0)
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin")));
        }
        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"))) return dir;
        }
        throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, postgres) were not found under {debianRoot}/<version>/bin. " +
            "The PostgreSQL tests start their own throwaway cluster and need them: run `apt-get install postgresql` " +
            "(or set DOCEXCHANGE_PG_BIN to the folder that holds initdb and postgres).");
    }
}
