using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Common;

/// <summary><c>dx profile list</c>: the profiles in the configuration file.</summary>
public static class ProfileListCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("list", "List the profiles in the configuration file.");
        DxAction.Set(command, globals, RunAsync);
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var config = await context.ConfigStore.LoadAsync(cancellationToken).ConfigureAwait(false);
        var profiles = config.Profiles
            .Select(p => new ProfileSummary(p.Key, p.Key == config.DefaultProfile, p.Value.Server))
            .ToList();
        if (context.Output.Json)
        {
            context.Output.WriteJson(new { configFile = context.ConfigStore.Path, profiles });
            return ExitCode.Ok;
        }
        if (profiles.Count == 0)
        {
            context.Output.Console.WriteLine($"No profiles in {context.ConfigStore.Path}; create one with 'dx profile set --server URL'.");
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("Profile", "Default", "Server");
        foreach (var profile in profiles)
        {
            table.AddRow(TerminalText.Markup(profile.Name), profile.IsDefault ? "yes" : "", TerminalText.Markup(profile.Server ?? ""));
        }
        context.Output.Console.Write(table);
        return ExitCode.Ok;
    }

    private sealed record ProfileSummary(string Name, bool IsDefault, string? Server);
}
