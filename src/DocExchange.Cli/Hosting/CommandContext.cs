using System.CommandLine;
using DocExchange.Cli.Configuration;
using DocExchange.Cli.Output;

namespace DocExchange.Cli.Hosting;

/// <summary>What a command's action receives: its parsed values, the output, and (lazily) connection settings.</summary>
public sealed class CommandContext
{
    private readonly GlobalOptions _globals;

    internal CommandContext(ParseResult parseResult, GlobalOptions globals, CliOutput output)
    {
        ParseResult = parseResult;
        _globals = globals;
        Output = output;
    }

    public ParseResult ParseResult { get; }

    public CliOutput Output { get; }

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>The configuration file named by <c>$DX_CONFIG</c> or the per-user default.</summary>
    public DxConfigStore ConfigStore { get; } = DxConfigStore.FromEnvironment();

    /// <summary>The connection options exactly as given on the command line.</summary>
    public ConnectionOverrides CommandLineConnection => new(
        Get(_globals.Profile),
        Get(_globals.Server),
        Get(_globals.Certificate),
        Get(_globals.CertificatePassword),
        Get(_globals.TrustRoot));

    /// <summary>Server, certificate and trust root from the command line, the environment and the profile, in that order.</summary>
    public Task<ConnectionSettings> ResolveConnectionAsync(CancellationToken cancellationToken) =>
        ConnectionResolver.ResolveAsync(CommandLineConnection, ConfigStore, cancellationToken);
}
