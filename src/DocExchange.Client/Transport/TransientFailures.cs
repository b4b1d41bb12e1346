using System.Net.Http;
using Grpc.Core;

namespace DocExchange.Client.Transport;

/// <summary>Which failures are worth another attempt.</summary>
internal static class TransientFailures
{
    /// <summary>May a call of this safety be attempted again after this failure?</summary>
    public static bool IsRetryable(RpcException failure, CallSafety safety)
    {
        if (IsPermanentConnectionFailure(failure))
        {
            return false;
        }

        return failure.StatusCode switch
        {
            StatusCode.Unavailable => safety != CallSafety.NotIdempotent || NeverReachedServer(failure),
            StatusCode.DeadlineExceeded => safety == CallSafety.IdempotentRead,
            _ => false,
        };
    }

    /// <summary>
    /// May an endless stream (inbox, status watch) reconnect after this failure? Besides UNAVAILABLE, a reset
    /// stream (INTERNAL) is a dropped connection there.
    /// </summary>
    public static bool IsResumable(RpcException failure) =>
        !IsPermanentConnectionFailure(failure)
        && failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal;

    /// <summary>No connection could be set up: refused, unresolvable, or its TLS handshake failed.</summary>
    public static bool IsConnectionSetupFailure(RpcException failure) =>
        FindHttpRequestException(failure) is
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>
    /// The HTTP/2 connection or stream broke below gRPC, rather than the server answering with a status: e.g. the
    /// keep-alive ping went unanswered on a dead connection (Grpc.Net.Client reports that as INTERNAL).
    /// </summary>
    public static bool IsBrokenTransport(RpcException failure) =>
        FindHttpRequestException(failure) is { HttpRequestError: HttpRequestError.HttpProtocolError };

    /// <summary>The connection could not even be opened, so the server saw nothing of the request.</summary>
    private static bool NeverReachedServer(RpcException failure) =>
        FindHttpRequestException(failure) is { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>A TLS handshake that failed (an untrusted or mismatched certificate) fails the same way every time.</summary>
    private static bool IsPermanentConnectionFailure(RpcException failure) =>
        FindHttpRequestException(failure) is { HttpRequestError: HttpRequestError.SecureConnectionError };

    private static HttpRequestException? FindHttpRequestException(RpcException failure)
    {
        for (var e = failure.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException http)
            {
                return http;
            }
        }

        return null;
    }
}
