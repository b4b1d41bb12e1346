using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DocExchange.Client;

/// <summary>
/// The library's own spans and metrics, both named <see cref="Name"/> (register them with OpenTelemetry's
/// <c>AddSource</c> and <c>AddMeter</c>); every name, tag and unit is listed in docs/CLIENT.md "Traces and metrics".
/// Nothing is recorded, and no activity is created, while nobody listens.
/// </summary>
public static class DocExchangeClientTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>.</summary>
    public const string Name = "DocExchange.Client";

    /// <summary>The call, e.g. <c>Send</c>, <c>Fetch</c> or <c>SubscribeInbox</c> (the gRPC method's name).</summary>
    public const string OperationTag = "docexchange.operation";

    /// <summary>On metrics: <c>ok</c>, or the gRPC status's name (e.g. <c>NotFound</c>, <c>Unavailable</c>).</summary>
    public const string OutcomeTag = "docexchange.outcome";

    /// <summary>On a retry's metric: the gRPC status's name of the attempt that failed.</summary>
    public const string StatusTag = "docexchange.status";

    /// <summary>On spans and retry events: the gRPC status code as a number (OpenTelemetry semantic conventions).</summary>
    public const string GrpcStatusCodeTag = "rpc.grpc.status_code";

    /// <summary>On spans: the exception type of a failure that has no gRPC status (e.g. a file that could not be written).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>On spans: the document's id, once known.</summary>
    public const string DocumentIdTag = "docexchange.document.id";

    /// <summary>On spans: the idempotency key of a send or a status.</summary>
    public const string MessageIdTag = "docexchange.message.id";

    /// <summary>On spans: the content bytes sent and received by the operation, every attempt included.</summary>
    public const string BytesSentTag = "docexchange.bytes_sent";

    /// <inheritdoc cref="BytesSentTag"/>
    public const string BytesReceivedTag = "docexchange.bytes_received";

    /// <summary>On <c>docexchange.client.bytes</c>: <c>sent</c> or <c>received</c>.</summary>
    public const string DirectionTag = "docexchange.direction";

    /// <summary>The span event of a retry or stream reconnection, with <see cref="AttemptTag"/>, <see cref="GrpcStatusCodeTag"/> and <see cref="DelayTag"/>.</summary>
    public const string RetryEvent = "docexchange.retry";

    /// <summary>The attempt that failed: 1 for the first.</summary>
    public const string AttemptTag = "docexchange.retry.attempt";

    /// <summary>The wait before the next attempt, in seconds.</summary>
    public const string DelayTag = "docexchange.retry.delay";

    private static readonly string? Version = typeof(DocExchangeClientTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly Meter Meter = new(Name, Version);

    /// <summary>One span per operation of <see cref="DocExchangeClient"/> (per connection of an endless stream), the parent of Grpc.Net.Client's per-attempt spans.</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    internal static Counter<long> Operations { get; } = Meter.CreateCounter<long>("docexchange.client.operations", "{operation}",
        "Operations of DocExchangeClient (each connection of an inbox or status subscription is one), by operation and outcome.");

    internal static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("docexchange.client.operation.duration", "s",
        "Duration of the operations, retries and their waits included, by operation and outcome.");

    internal static Counter<long> Retries { get; } = Meter.CreateCounter<long>("docexchange.client.retries", "{retry}",
        "Retries and stream reconnections, by operation and the status of the attempt that failed.");

    internal static Counter<long> Bytes { get; } = Meter.CreateCounter<long>("docexchange.client.bytes", "By",
        "Content bytes sent and received (documents, packages, PDFs to seal or verify), by direction.");
}
