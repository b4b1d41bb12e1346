using System.Data.Common;
using DocExchange.Core.Errors;
using DocExchange.Server.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Turns the domain's refusals into gRPC statuses, in one place, keeping their actionable messages; and says which
/// limit an oversized request message broke, where grpc-dotnet's message does not. A database that does not answer
/// (down, restarting, unreachable) is UNAVAILABLE, which a client may retry, rather than an unexplained UNKNOWN.
/// Applied by <see cref="CallPipeline"/> to what a handler throws, before authorisation sees its status.
/// </summary>
public sealed class DomainErrorMapping(IOptions<DocExchangeOptions> options, ILogger<DomainErrorMapping> logger)
{
    /// <summary>grpc-dotnet's detail for a received message above MaxReceiveMessageSize.</summary>
    private const string OversizedMessageDetail = "Received message exceeds the maximum configured message size.";

    /// <summary>The <see cref="RpcException"/> that stands for <paramref name="error"/>, or <paramref name="error"/> itself when none does.</summary>
    public Exception Map(ServerCallContext context, Exception error)
    {
        switch (error)
        {
            case ExchangeException e:
                return new RpcException(new Status(ToStatusCode(e.Kind), e.Message));
            case IOException e when DocExchange.Storage.Files.OutOfSpace.IsOutOfSpace(e):
                // A full disk met where no more specific refusal was given (e.g. a PDF spooled for signing).
                return new RpcException(new Status(StatusCode.ResourceExhausted, DocExchange.Storage.Files.OutOfSpace.Refusal("its data or spool folder", e).Message));
            case DbException e when e.IsTransient:
                // The client is told no more than that: the database's own message names hosts and ports.
                logger.LogWarning(e, "The database did not answer during {GrpcMethod}", context.Method);
                return new RpcException(new Status(StatusCode.Unavailable, "The server's database does not answer at the moment: retry later."));
            case RpcException e when e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail == OversizedMessageDetail:
                return new RpcException(new Status(StatusCode.ResourceExhausted, FormattableString.Invariant(
                    $"A request message exceeds the maximum message size of {options.Value.Grpc.MaxReceiveMessageSize} bytes (DocExchange:Grpc:MaxReceiveMessageSize): send content in smaller chunks.")));
            default:
                return error;
        }
    }

    public static StatusCode ToStatusCode(ExchangeErrorKind kind) => kind switch
    {
        ExchangeErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ExchangeErrorKind.NotFound => StatusCode.NotFound,
        ExchangeErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ExchangeErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ExchangeErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ExchangeErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ExchangeErrorKind.Unavailable => StatusCode.Unavailable,
        ExchangeErrorKind.DataLoss => StatusCode.DataLoss,
        _ => StatusCode.Internal,
    };
}
