using DocExchange.Core.Errors;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;

namespace DocExchange.Server.Hosting;

/// <summary>Turns the domain's refusals into gRPC statuses, in one place, keeping their actionable messages.</summary>
public sealed class DomainErrorInterceptor : IGrpcServerInterceptor
{
    public async Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (ExchangeException e)
        {
            throw new RpcException(new Status(ToStatusCode(e.Kind), e.Message));
        }
        catch (IOException e) when (DocExchange.Storage.Files.OutOfSpace.IsOutOfSpace(e))
        {
            // A full disk met where no more specific refusal was given (e.g. a PDF spooled for signing).
            throw new RpcException(new Status(StatusCode.ResourceExhausted, DocExchange.Storage.Files.OutOfSpace.Refusal("its data or spool folder", e).Message));
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
