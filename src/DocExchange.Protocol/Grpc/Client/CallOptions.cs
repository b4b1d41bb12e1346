namespace DocExchange.Protocol.Grpc.Client;

/// <summary>Per-call options, as in Grpc.Core.</summary>
public readonly struct CallOptions
{
    public CallOptions(
        Metadata? headers = null,
        DateTime? deadline = null,
        CancellationToken cancellationToken = default,
        WriteOptions? writeOptions = null)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        WriteOptions = writeOptions;
    }

    /// <summary>Custom request metadata.</summary>
    public Metadata? Headers { get; }

    /// <summary>When the call must end (converted to UTC); sent as grpc-timeout and enforced locally.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Cancels the call: status CANCELLED and the HTTP/2 stream is reset.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Default options for request writes (e.g. <see cref="WriteFlags.NoCompress"/>).</summary>
    public WriteOptions? WriteOptions { get; }

    public CallOptions WithHeaders(Metadata? headers) => new(headers, Deadline, CancellationToken, WriteOptions);

    public CallOptions WithDeadline(DateTime? deadline) => new(Headers, deadline, CancellationToken, WriteOptions);

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => new(Headers, Deadline, cancellationToken, WriteOptions);

    public CallOptions WithWriteOptions(WriteOptions? writeOptions) => new(Headers, Deadline, CancellationToken, writeOptions);
}
