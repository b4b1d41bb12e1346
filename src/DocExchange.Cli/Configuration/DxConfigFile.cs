namespace DocExchange.Cli.Configuration;

/// <summary>
/// The configuration file (<c>$DX_CONFIG</c>, else <c>$XDG_CONFIG_HOME/docexchange/dx.json</c>, else
/// <c>~/.config/docexchange/dx.json</c>): named profiles and which one is used by default.
/// </summary>
public sealed class DxConfigFile
{
    public string? DefaultProfile { get; set; }

    public SortedDictionary<string, DxProfile> Profiles { get; set; } = new(StringComparer.Ordinal);
}
