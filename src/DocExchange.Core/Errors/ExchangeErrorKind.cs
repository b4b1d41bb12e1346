namespace DocExchange.Core.Errors;

/// <summary>Why a domain operation was refused. The server maps each kind to the gRPC status of the same name.</summary>
public enum ExchangeErrorKind
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    Unavailable,

    /// <summary>Stored content is missing or corrupted: retrying cannot help; the operator must restore it.</summary>
    DataLoss,
}
