using System.CommandLine;
using DocExchange.Cli.Configuration;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Common;

/// <summary>
/// <c>dx profile show</c>: the connection settings a network command would use now, and where each came from.
/// The certificate password is never printed, only whether it is set.
/// </summary>
public static class ProfileShowCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("show", "Show the settings in effect (command line, then environment, then profile) and their sources; passwords are never shown.");
        DxAction.Set(command, globals, RunAsync);
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var settings = await context.ResolveConnectionAsync(cancellationToken).ConfigureAwait(false);
        var view = new ProfileView(
            settings.ProfileName,
            settings.ConfigPath,
            Show(settings.Server, s => s.AbsoluteUri),
            Show(settings.Certificate, s => s),
            settings.CertificatePassword is { } password ? new PasswordView(true, password.Source) : new PasswordView(false, null),
            Show(settings.TrustRoot, s => s));

        if (context.Output.Json)
        {
            context.Output.WriteJson(view);
            return ExitCode.Ok;
        }
        var console = context.Output.Console;
        console.WriteLine(view.Profile is null ? $"No profile in use (configuration file: {view.ConfigFile})." : $"Profile '{view.Profile}' from {view.ConfigFile}.");
        var table = new Table().AddColumns("Setting", "Value", "From");
        AddRow(table, "server", view.Server);
        AddRow(table, "certificate", view.Certificate);
        table.AddRow("certificate password", view.CertificatePassword.IsSet ? "(set)" : "[grey](not set)[/]", Source(view.CertificatePassword.Source));
        AddRow(table, "trust root (CA)", view.TrustRoot);
        console.Write(table);
        return ExitCode.Ok;
    }

    private static SettingView? Show<T>(Setting<T>? setting, Func<T, string> format)
        where T : notnull => setting is null ? null : new SettingView(format(setting.Value), setting.Source);

    private static void AddRow(Table table, string name, SettingView? setting) =>
        table.AddRow(name, setting is null ? "[grey](not set)[/]" : TerminalText.Markup(setting.Value), Source(setting?.Source));

    private static string Source(SettingSource? source) => source switch
    {
        SettingSource.CommandLine => "command line",
        SettingSource.Environment => "environment",
        SettingSource.Profile => "profile",
        _ => "",
    };

    private sealed record ProfileView(string? Profile, string ConfigFile, SettingView? Server, SettingView? Certificate, PasswordView CertificatePassword, SettingView? TrustRoot);

    private sealed record SettingView(string Value, SettingSource Source);

    private sealed record PasswordView(bool IsSet, SettingSource? Source);
}
