using System.Net.Http;
using System.Net.Sockets;
using DocExchange.Client;
using DocExchange.Protocol.Grpc;

namespace DocExchange.Cli.Hosting;

/// <summary>
/// Turns an exception that escaped a command into an exit code and one line a person can act on.
/// Network commands rely on this: an unreachable server maps to <see cref="ExitCode.Unreachable"/>.
/// </summary>
public static class ErrorClassifier
{
    public static (ExitCode ExitCode, string Message) Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DxException dx => (dx.ExitCode, dx.Message),
            DocExchangeException { StatusCode: StatusCode.Unavailable } unreachable =>
                (ExitCode.Unreachable, $"cannot reach the server: {unreachable.Detail}"),
            DocExchangeException refused =>
                (ExitCode.Rejected, $"the server refused {refused.Operation} ({DocExchangeException.FormatCode(refused.StatusCode)}): {refused.Detail}"),
            HttpRequestException http when IsConnectionFailure(http) =>
                (ExitCode.Unreachable, $"cannot reach the server: {http.Message}"),
            SocketException socket => (ExitCode.Unreachable, $"cannot reach the server: {socket.Message}"),
            FileNotFoundException missing => (ExitCode.Usage, $"file not found: {missing.FileName ?? missing.Message}"),
            DirectoryNotFoundException missingDirectory => (ExitCode.Usage, missingDirectory.Message),
            UnauthorizedAccessException denied => (ExitCode.Rejected, $"access denied: {denied.Message}"),
            OperationCanceledException => (ExitCode.Rejected, "cancelled."),
            _ => (ExitCode.Rejected, $"unexpected error ({exception.GetType().Name}): {exception.Message}"),
        };
    }

    private static bool IsConnectionFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError
        || exception.InnerException is SocketException;
}
