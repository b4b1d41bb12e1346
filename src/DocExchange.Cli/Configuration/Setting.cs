namespace DocExchange.Cli.Configuration;

/// <summary>A resolved setting and where it came from.</summary>
public sealed record Setting<T>(T Value, SettingSource Source)
    where T : notnull;
