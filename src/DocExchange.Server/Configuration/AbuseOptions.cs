namespace DocExchange.Server.Configuration;

/// <summary>
/// Limits that keep one caller, or a hostile client, from exhausting the server (section DocExchange:Abuse,
/// or DOCEXCHANGE__Abuse__*). Callers are told which limit they hit, with RESOURCE_EXHAUSTED.
/// </summary>
public sealed class AbuseOptions
{
    public const string SectionName = "DocExchange:Abuse";

    /// <summary>Calls each caller (an agency, a role, or an anonymous IP address) may start per second, sustained.</summary>
    public double CallsPerSecond { get; set; } = 100;

    /// <summary>Calls a caller may start at once after being idle (the token bucket's size).</summary>
    public int CallBurst { get; set; } = 200;

    /// <summary>Calls (streams, subscriptions included) one caller may have open at the same time.</summary>
    public int MaxConcurrentCallsPerCaller { get; set; } = 100;

    /// <summary>
    /// A request stream that sends nothing for this long in the middle of a message, or between the messages of an
    /// upload (client streaming), is ended with DEADLINE_EXCEEDED. Subscriptions, whose request is already complete,
    /// are not affected.
    /// </summary>
    public double RequestIdleTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// A streaming response (Fetch, FetchPackage, a subscription, an audit query) that cannot move for this long,
    /// because the client stopped reading or the stream is stuck, is reset. A subscription waiting for events is not
    /// affected.
    /// </summary>
    public double ResponseStallTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How long what the registry says about an agency (active or not, trusted CAs, CRLs, pins) and the verdicts on
    /// client certificates are cached. Changes made through this instance drop the cache at once; this is how soon
    /// other instances sharing the database see them.
    /// </summary>
    public double AgencyStateCacheSeconds { get; set; } = 5;

    /// <summary>
    /// Repeated refusals of one caller for one reason within this many seconds are written to the audit trail and the
    /// log once, then as one event counting the rest when the window closes (0: every refusal written one by one).
    /// </summary>
    public double RefusalAuditWindowSeconds { get; set; } = 60;

    /// <summary>Total size of a request's headers (HTTP/2 HPACK-decoded); Kestrel answers larger ones with a stream error.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>Number of request headers.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>HTTP/2 streams (calls) one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>HTTP/2 HPACK dynamic table size (SETTINGS_HEADER_TABLE_SIZE).</summary>
    public int HeaderTableSize { get; set; } = 4096;

    /// <summary>HTTP/2 largest frame payload accepted (SETTINGS_MAX_FRAME_SIZE; RFC 9113 §6.5.2: 16 KiB to 16 MiB - 1).</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024;

    /// <summary>Largest single request header field (name + value, after HPACK decoding).</summary>
    public int MaxRequestHeaderFieldSize { get; set; } = 8 * 1024;

    /// <summary>A connection with no open stream is closed after this long.</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 130;

    /// <summary>Time a client has to send a request's headers.</summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Slow-loris protection for request bodies, HTTP/2 included: a body arriving slower than this (after the grace
    /// period) is aborted. Streaming uploads are covered by <see cref="RequestIdleTimeoutSeconds"/> instead, since their
    /// pauses between messages are legitimate.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    public double MinRequestBodyGraceSeconds { get; set; } = 5;

    /// <summary>Open connections the server accepts in total; further ones wait in the OS backlog.</summary>
    public long MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>
    /// Sends this instance validates and stores at the same time, across all callers; beyond it, a send whose upload has
    /// arrived waits for its turn (within its deadline). An overloaded server then slows its senders instead of letting
    /// its recipients' deliveries fall further and further behind, at the price of some of its peak throughput (smaller
    /// group commits). Unset: no bound.
    /// </summary>
    public int? MaxConcurrentSends { get; set; }

    /// <summary>Throws a start-up error naming the first setting out of range.</summary>
    public void Validate()
    {
        static void Positive(double value, string name)
        {
            if (!(value > 0))
            {
                throw new Hosting.StartupException($"DocExchange:Abuse:{name} must be positive (it is {value})");
            }
        }

        Positive(CallsPerSecond, nameof(CallsPerSecond));
        Positive(CallBurst, nameof(CallBurst));
        Positive(MaxConcurrentCallsPerCaller, nameof(MaxConcurrentCallsPerCaller));
        Positive(RequestIdleTimeoutSeconds, nameof(RequestIdleTimeoutSeconds));
        Positive(ResponseStallTimeoutSeconds, nameof(ResponseStallTimeoutSeconds));
        if (AgencyStateCacheSeconds < 0)
        {
            throw new Hosting.StartupException($"DocExchange:Abuse:AgencyStateCacheSeconds may not be negative (it is {AgencyStateCacheSeconds})");
        }

        if (!(RefusalAuditWindowSeconds >= 0))
        {
            throw new Hosting.StartupException($"DocExchange:Abuse:RefusalAuditWindowSeconds may not be negative (it is {RefusalAuditWindowSeconds})");
        }

        Positive(MaxRequestHeadersTotalSize, nameof(MaxRequestHeadersTotalSize));
        Positive(MaxRequestHeaderCount, nameof(MaxRequestHeaderCount));
        Positive(MaxStreamsPerConnection, nameof(MaxStreamsPerConnection));
        if (HeaderTableSize < 0)
        {
            throw new Hosting.StartupException($"DocExchange:Abuse:HeaderTableSize may not be negative (it is {HeaderTableSize})");
        }

        if (MaxFrameSize is < 16 * 1024 or > 16 * 1024 * 1024 - 1)
        {
            throw new Hosting.StartupException($"DocExchange:Abuse:MaxFrameSize must be between 16384 and 16777215 (RFC 9113 §6.5.2); it is {MaxFrameSize}");
        }

        Positive(MaxRequestHeaderFieldSize, nameof(MaxRequestHeaderFieldSize));
        Positive(KeepAliveTimeoutSeconds, nameof(KeepAliveTimeoutSeconds));
        Positive(RequestHeadersTimeoutSeconds, nameof(RequestHeadersTimeoutSeconds));
        Positive(MinRequestBodyBytesPerSecond, nameof(MinRequestBodyBytesPerSecond));
        Positive(MinRequestBodyGraceSeconds, nameof(MinRequestBodyGraceSeconds));
        Positive(MaxConcurrentConnections, nameof(MaxConcurrentConnections));
        if (MaxConcurrentSends is { } sends)
        {
            Positive(sends, nameof(MaxConcurrentSends));
        }
    }
}
