namespace DocExchange.Server.Configuration;

/// <summary>Metrics and traces for operators (DocExchange:Telemetry:*; docs/OPERATIONS.md).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Port of the Prometheus scrape endpoint (plaintext HTTP/1.1, path /metrics), apart from the agencies' endpoint;
    /// -1 (the default) turns it off, 0 picks a free port.
    /// </summary>
    public int PrometheusPort { get; set; } = -1;

    /// <summary>Address the scrape endpoint listens on: loopback unless the operator opens it to a monitoring network.</summary>
    public string PrometheusAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// OTLP collector receiving traces and metrics (e.g. http://collector:4317). The standard variable
    /// OTEL_EXPORTER_OTLP_ENDPOINT turns the export on too; none of them: nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How long a measured size of the spool and blob folders is reported before the folders are walked again.</summary>
    public double FolderUsageRefreshSeconds { get; set; } = 60;
}
