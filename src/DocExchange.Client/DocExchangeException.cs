using Grpc.Core;

namespace DocExchange.Client;

/// <summary>
/// A call that failed: the server refused it (its gRPC status and message), the server could not be reached
/// (<see cref="StatusCode.Unavailable"/>), or the content received did not match its SHA-256
/// (<see cref="StatusCode.DataLoss"/>). Cancellation by the caller's token is an <see cref="OperationCanceledException"/> instead.
/// </summary>
public sealed class DocExchangeException : Exception
{
    /// <summary>Creates an exception for a failed call.</summary>
    public DocExchangeException(StatusCode statusCode, string detail, string operation, Exception? innerException = null)
        : base($"{operation} failed ({FormatCode(statusCode)}): {detail}", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        Operation = operation;
    }

    /// <summary>The gRPC status code, e.g. <see cref="StatusCode.InvalidArgument"/>.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>What the server (or, for local failures, the client) said, meant for a person to act on.</summary>
    public string Detail { get; }

    /// <summary>The call that failed, e.g. "Send".</summary>
    public string Operation { get; }

    /// <summary>True when the server could not be reached or answered in time: trying again later may succeed.</summary>
    public bool IsTransient => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    internal static DocExchangeException FromRpc(RpcException exception, string operation) =>
        new(exception.StatusCode, exception.Status.Detail.Length > 0 ? exception.Status.Detail : exception.Message, operation, exception);

    /// <summary>Content that does not match its SHA-256 or size, or a malformed answer: nothing received can be trusted.</summary>
    internal static DocExchangeException DataLoss(string detail, string operation) => new(StatusCode.DataLoss, detail, operation);

    /// <summary>The code as gRPC writes it, e.g. INVALID_ARGUMENT.</summary>
    public static string FormatCode(StatusCode statusCode) => statusCode switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => ((int)statusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
