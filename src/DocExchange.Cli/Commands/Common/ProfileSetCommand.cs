using System.CommandLine;
using DocExchange.Cli.Configuration;
using DocExchange.Cli.Hosting;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Common;

/// <summary>
/// <c>dx profile set [--profile NAME] [--server URL] [--cert PATH] [--cert-password P] [--ca PATH] [--default]</c>:
/// writes the given connection options into a profile, keeping the settings not given.
/// </summary>
public static class ProfileSetCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var makeDefault = new Option<bool>("--default")
        {
            Description = "Also make this the profile used when none is named.",
            Arity = ArgumentArity.Zero,
        };
        var command = new Command("set", "Save --server, --cert, --cert-password and --ca into the profile named by --profile (or the default one).")
        {
            makeDefault,
        };
        DxAction.Set(command, globals, (context, cancellationToken) => RunAsync(context, context.Get(makeDefault), cancellationToken));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, bool makeDefault, CancellationToken cancellationToken)
    {
        var given = context.CommandLineConnection;
        string? certificate = ExistingPath(given.Certificate, "--cert");
        string? trustRoot = ExistingPath(given.TrustRoot, "--ca");
        if (given.Server is null && certificate is null && given.CertificatePassword is null && trustRoot is null && !makeDefault)
        {
            throw DxException.Usage("nothing to save: give at least one of --server, --cert, --cert-password, --ca or --default.");
        }

        var store = context.ConfigStore;
        var config = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var (name, _) = ConnectionResolver.ChooseProfile(given.Profile, config);
        bool created = !config.Profiles.TryGetValue(name, out var profile);
        profile ??= new DxProfile();
        profile.Server = given.Server?.AbsoluteUri ?? profile.Server;
        profile.Certificate = certificate ?? profile.Certificate;
        profile.CertificatePassword = given.CertificatePassword ?? profile.CertificatePassword;
        profile.TrustRoot = trustRoot ?? profile.TrustRoot;
        config.Profiles[name] = profile;
        if (makeDefault || config.DefaultProfile is null)
        {
            config.DefaultProfile = name;
        }
        await store.SaveAsync(config, cancellationToken).ConfigureAwait(false);

        if (context.Output.Json)
        {
            context.Output.WriteJson(new { profile = name, configFile = store.Path, created, isDefault = config.DefaultProfile == name });
        }
        else
        {
            context.Output.Success($"{(created ? "Created" : "Updated")} profile '{name}' in {store.Path}{(config.DefaultProfile == name ? " (the default profile)" : "")}.");
            if (given.CertificatePassword is not null)
            {
                context.Output.Console.WriteLine($"The certificate password is stored in that file, readable by you only. ${DxEnvironment.CertificatePassword} avoids storing it.");
            }
        }
        return ExitCode.Ok;
    }

    private static string? ExistingPath(string? path, string optionName)
    {
        string? full = ConnectionResolver.FullPath(path);
        if (full is not null && !File.Exists(full))
        {
            throw DxException.Usage($"{optionName}: file '{full}' does not exist.");
        }
        return full;
    }
}
