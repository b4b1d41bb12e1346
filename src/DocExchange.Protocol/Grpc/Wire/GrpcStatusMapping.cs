using System.Globalization;
using System.Net.Http.Headers;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>How a client reads a status from what came back: trailers, HTTP status, or an HTTP/2 reset.</summary>
public static class GrpcStatusMapping
{
    /// <summary>grpc/grpc doc/http-grpc-status-mapping.md, for a response without grpc-status.</summary>
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>PROTOCOL-HTTP2.md, Errors: the status a RST_STREAM error code stands for.</summary>
    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal, // NO_ERROR without a status, PROTOCOL_ERROR, INTERNAL_ERROR, …
    };

    /// <summary>
    /// The status in grpc-status / grpc-message of <paramref name="headers"/> (trailers, or the headers of a
    /// Trailers-Only response); null when grpc-status is absent. A value that is not a known code is UNKNOWN.
    /// </summary>
    public static Status? FromHeaders(HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusHeader, out var statusValues))
        {
            return null;
        }

        var statusText = statusValues.ToString();
        var message = headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageHeader, out var messageValues)
            ? GrpcMessageEncoding.Decode(messageValues.ToString())
            : string.Empty;
        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code > (int)StatusCode.Unauthenticated)
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status '{statusText}'. {message}".TrimEnd());
        }

        return new Status((StatusCode)code, message);
    }
}
