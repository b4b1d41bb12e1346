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
