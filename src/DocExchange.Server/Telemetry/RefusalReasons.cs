using System.Data.Common;
using DocExchange.Core.Errors;
using DocExchange.Server.Hosting;
using Grpc.Core;

namespace DocExchange.Server.Telemetry;

/// <summary>The reason a refused send is counted under: a small, fixed set of values, so a metric label never grows.</summary>
public static class RefusalReasons
{
    public const string SignaturePolicy = "signature_policy";

    /// <returns>Null for a call the client cancelled (not a refusal).</returns>
    public static string? Of(Exception error, CancellationToken callCancelled) => error switch
    {
        OperationCanceledException when callCancelled.IsCancellationRequested => null,
        RpcException { StatusCode: StatusCode.Cancelled } => null,
        RpcException rpc when rpc.Trailers.Get(Services.IncomingDocumentVerification.ReportTrailer) is not null => SignaturePolicy,
        RpcException rpc => SnakeCase(rpc.StatusCode),
        ExchangeException domain => SnakeCase(DomainErrorMapping.ToStatusCode(domain.Kind)),
        Authorization.CallerImpersonationException => SnakeCase(StatusCode.PermissionDenied),
        IOException e when DocExchange.Storage.Files.OutOfSpace.IsOutOfSpace(e) => SnakeCase(StatusCode.ResourceExhausted),
        DbException { IsTransient: true } => SnakeCase(StatusCode.Unavailable),
        _ => SnakeCase(StatusCode.Internal),
    };

    private static string SnakeCase(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "invalid_argument",
        StatusCode.NotFound => "not_found",
        StatusCode.AlreadyExists => "already_exists",
        StatusCode.PermissionDenied => "permission_denied",
        StatusCode.ResourceExhausted => "resource_exhausted",
        StatusCode.FailedPrecondition => "failed_precondition",
        StatusCode.Unavailable => "unavailable",
        StatusCode.DeadlineExceeded => "deadline_exceeded",
        StatusCode.DataLoss => "data_loss",
        StatusCode.Unauthenticated => "unauthenticated",
        StatusCode.OutOfRange => "out_of_range",
        StatusCode.Unimplemented => "unimplemented",
        StatusCode.Aborted => "aborted",
        _ => "internal",
    };
}
