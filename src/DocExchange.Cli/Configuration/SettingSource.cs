namespace DocExchange.Cli.Configuration;

/// <summary>Where a setting came from; the first in this order wins.</summary>
public enum SettingSource
{
    CommandLine,
    Environment,
    Profile,
}
