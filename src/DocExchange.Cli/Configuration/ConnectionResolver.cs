using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Configuration;

/// <summary>Resolves connection settings: command line, then environment variables, then the profile.</summary>
public static class ConnectionResolver
{
    /// <summary>The profile used when none is named anywhere and the file names no default.</summary>
    public const string DefaultProfileName = "default";

    public static async Task<ConnectionSettings> ResolveAsync(ConnectionOverrides commandLine, DxConfigStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(store);
        var config = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var (profileName, named) = ChooseProfile(commandLine.Profile, config);
        DxProfile? profile = null;
        if (config.Profiles.TryGetValue(profileName, out var found))
        {
            profile = found;
        }
        else if (named)
        {
            string known = config.Profiles.Count == 0 ? "it has no profiles" : $"it has {string.Join(", ", config.Profiles.Keys)}";
            throw DxException.Usage($"profile '{profileName}' is not in {store.Path} ({known}); create it with 'dx profile set --profile {profileName} --server URL'.");
        }

        return new ConnectionSettings(
            profile is null ? null : profileName,
            store.Path,
            ResolveServer(commandLine.Server, profile, profileName, store.Path),
            Pick(FullPath(commandLine.Certificate), FullPath(DxEnvironment.Get(DxEnvironment.Certificate)), profile?.Certificate),
            Pick(commandLine.CertificatePassword, DxEnvironment.Get(DxEnvironment.CertificatePassword), profile?.CertificatePassword),
            Pick(FullPath(commandLine.TrustRoot), FullPath(DxEnvironment.Get(DxEnvironment.TrustRoot)), profile?.TrustRoot));
    }

    /// <summary>
    /// The profile to use: <c>--profile</c>, then <c>$DX_PROFILE</c>, then the file's default, then "default".
    /// <c>Named</c> is true when the user named it (so it must exist).
    /// </summary>
    public static (string Name, bool Named) ChooseProfile(string? commandLineProfile, DxConfigFile config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.IsNullOrEmpty(commandLineProfile))
        {
            return (commandLineProfile, true);
        }
        if (DxEnvironment.Get(DxEnvironment.Profile) is { } fromEnvironment)
        {
            return (fromEnvironment, true);
        }
        return (config.DefaultProfile ?? DefaultProfileName, config.DefaultProfile is not null);
    }

    /// <summary>A path from the command line or environment, made absolute against the current directory.</summary>
    public static string? FullPath(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);

    private static Setting<Uri>? ResolveServer(Uri? commandLine, DxProfile? profile, string profileName, string configPath)
    {
        if (commandLine is not null)
        {
            return new Setting<Uri>(commandLine, SettingSource.CommandLine);
        }
        if (DxEnvironment.Get(DxEnvironment.Server) is { } fromEnvironment)
        {
            return GlobalOptions.TryParseServer(fromEnvironment, out var server, out string? error)
                ? new Setting<Uri>(server!, SettingSource.Environment)
                : throw DxException.Usage($"{DxEnvironment.Server}: {error}.");
        }
        if (profile?.Server is { Length: > 0 } fromProfile)
        {
            return GlobalOptions.TryParseServer(fromProfile, out var server, out string? error)
                ? new Setting<Uri>(server!, SettingSource.Profile)
                : throw DxException.Usage($"profile '{profileName}' in {configPath}: {error}.");
        }
        return null;
    }

    private static Setting<string>? Pick(string? commandLine, string? environment, string? profile) =>
        commandLine is not null ? new Setting<string>(commandLine, SettingSource.CommandLine)
        : environment is not null ? new Setting<string>(environment, SettingSource.Environment)
        : !string.IsNullOrEmpty(profile) ? new Setting<string>(profile, SettingSource.Profile)
        : null;
}
