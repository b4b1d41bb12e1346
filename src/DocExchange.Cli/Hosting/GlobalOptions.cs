using System.CommandLine;
using System.CommandLine.Parsing;

namespace DocExchange.Cli.Hosting;

/// <summary>
/// Options every command accepts (declared once on the root, recursive). Flags take no value (arity zero), so that
/// "--json audit" never reads "audit" as a boolean and completion after a flag offers commands.
/// </summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON (camelCase) to standard output instead of tables.",
        Recursive = true,
        Arity = ArgumentArity.Zero,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show details, including the stack trace of an unexpected error.",
        Recursive = true,
        Arity = ArgumentArity.Zero,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Named profile from the configuration file (default: $DX_PROFILE, then the file's default profile).",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<Uri?> Server { get; } = new("--server")
    {
        Description = "Server address, e.g. https://docexchange.example.gov.vn:5001 (overrides $DX_SERVER and the profile).",
        HelpName = "URL",
        Recursive = true,
        CustomParser = ParseServer,
    };

    public Option<string?> Certificate { get; } = new("--cert")
    {
        Description = "Client certificate, PKCS#12 (.p12/.pfx) or PEM (overrides $DX_CERT and the profile).",
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<string?> CertificatePassword { get; } = new("--cert-password")
    {
        Description = "Password of the client certificate; prefer $DX_CERT_PASSWORD, which stays out of shell history.",
        HelpName = "PASSWORD",
        Recursive = true,
    };

    public Option<string?> TrustRoot { get; } = new("--ca")
    {
        Description = "CA certificate (PEM) the server's certificate must chain to (overrides $DX_CA and the profile).",
        HelpName = "PATH",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Json, Verbose, Profile, Server, Certificate, CertificatePassword, TrustRoot];

    /// <summary>Parses and checks a server address; also used for values from the environment and profiles.</summary>
    public static bool TryParseServer(string text, out Uri? server, out string? error)
    {
        server = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            error = $"server address '{text}' is not an absolute http(s) URL such as https://docexchange.example.gov.vn:5001";
            return false;
        }
        server = uri;
        error = null;
        return true;
    }

    private static Uri? ParseServer(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (TryParseServer(text, out var server, out string? error))
        {
            return server;
        }
        result.AddError($"--server: {error}.");
        return null;
    }
}
