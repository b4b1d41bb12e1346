using System.Net.Http;
using System.Net.Sockets;
using DocExchange.Client;
using DocExchange.Core.Files;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Cli.Hosting;

/// <summary>
/// Turns an exception that escaped a command into an exit code and one line a person can act on.
/// Network commands rely on this: an unreachable server maps to <see cref="ExitCode.Unreachable"/>, a refusal by
/// the server to <see cref="ExitCode.Rejected"/> with the server's own message.
/// </summary>
public static class ErrorClassifier
{
    public static (ExitCode ExitCode, string Message) Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DxException dx => (dx.ExitCode, dx.Message),
            DocExchangeException call => ClassifyCall(call),
            HttpRequestException http when IsConnectionFailure(http) =>
                (ExitCode.Unreachable, $"cannot reach the server: {http.Message}"),
            SocketException socket => (ExitCode.Unreachable, $"cannot reach the server: {socket.Message}"),
            FileNotFoundException missing => (ExitCode.Usage, $"file not found: {missing.FileName ?? missing.Message}"),
            DirectoryNotFoundException missingDirectory => (ExitCode.Usage, missingDirectory.Message),
            UnauthorizedAccessException denied => (ExitCode.Rejected, $"access denied: {denied.Message}"),
            UnsafeFileNameException unsafeName => (ExitCode.Rejected, OneLine(unsafeName.Message)),
            PathTooLongException tooLong => (ExitCode.Rejected, $"a file name or path is too long for this file system; choose a shorter --out folder: {OneLine(tooLong.Message)}"),
            // A full disk, a read-only folder, a file in use: the file system's own message says which.
            IOException io => (ExitCode.Rejected, $"cannot write or read a file: {OneLine(io.Message)}"),
            OperationCanceledException => (ExitCode.Rejected, "cancelled."),
            // The client library checks values before any connection and says what it expected (see docs/CLIENT.md).
            ArgumentException argument when argument is not ArgumentNullException => (ExitCode.Usage, LocalProblem(argument)),
            _ => (ExitCode.Rejected, $"unexpected error ({exception.GetType().Name}): {exception.Message}"),
        };
    }

    private static (ExitCode, string) ClassifyCall(DocExchangeException call)
    {
        string code = DocExchangeException.FormatCode(call.StatusCode);
        string detail = OneLine(call.Detail);
        return call.StatusCode switch
        {
            GrpcStatusCode.Unavailable => (ExitCode.Unreachable, $"cannot reach the server ({call.Operation}, {code}): {detail}"),
            // Content that did not match its SHA-256: nothing was refused, something was damaged on the way.
            GrpcStatusCode.DataLoss => (ExitCode.Rejected, $"{call.Operation} failed ({code}): {detail}"),
            GrpcStatusCode.DeadlineExceeded => (ExitCode.Rejected, $"{call.Operation} failed ({code}): the server did not answer in time: {detail}"),
            _ => (ExitCode.Rejected, $"{call.Operation} refused ({code}): {detail}"),
        };
    }

    /// <summary>The client library's message without .NET's " (Parameter 'x')" suffix, which names no option of dx.</summary>
    public static string LocalProblem(ArgumentException exception) => Core.Text.ArgumentMessages.Plain(exception);

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsConnectionFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError
        || exception.InnerException is SocketException;
}
