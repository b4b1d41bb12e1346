using System.Diagnostics;

namespace DocExchange.Server.Telemetry;

/// <summary>The names under which the exchange's own metrics and spans are published (docs/OPERATIONS.md).</summary>
public static class ExchangeTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of <see cref="ExchangeMetrics"/> and the <see cref="Source"/>.</summary>
    public const string Name = "DocExchange.Server";

    /// <summary>The exchange's own spans, inside the ASP.NET Core span of each call.</summary>
    public static ActivitySource Source { get; } = new(Name);
}
