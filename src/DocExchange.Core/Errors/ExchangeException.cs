namespace DocExchange.Core.Errors;

/// <summary>A refused domain operation. <see cref="Exception.Message"/> is written for the clerk or operator to act on.</summary>
public sealed class ExchangeException : Exception
{
    public ExchangeException(ExchangeErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ExchangeErrorKind Kind { get; }

    public static ExchangeException InvalidArgument(string message) => new(ExchangeErrorKind.InvalidArgument, message);

    public static ExchangeException NotFound(string message) => new(ExchangeErrorKind.NotFound, message);

    public static ExchangeException FailedPrecondition(string message) => new(ExchangeErrorKind.FailedPrecondition, message);

    public static ExchangeException AlreadyExists(string message) => new(ExchangeErrorKind.AlreadyExists, message);

    public static ExchangeException PermissionDenied(string message) => new(ExchangeErrorKind.PermissionDenied, message);

    public static ExchangeException ResourceExhausted(string message) => new(ExchangeErrorKind.ResourceExhausted, message);

    public static ExchangeException Unavailable(string message, Exception? innerException = null) =>
        new(ExchangeErrorKind.Unavailable, message, innerException);

    public static ExchangeException DataLoss(string message) => new(ExchangeErrorKind.DataLoss, message);
}
