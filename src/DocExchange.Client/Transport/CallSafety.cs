namespace DocExchange.Client.Transport;

/// <summary>What repeating a call could do, which decides the failures it may be retried after.</summary>
internal enum CallSafety
{
    /// <summary>Reads nothing changes: retried after UNAVAILABLE and DEADLINE_EXCEEDED.</summary>
    IdempotentRead,

    /// <summary>Changes state, but a repeat returns the first result (a message id): retried after UNAVAILABLE.</summary>
    IdempotentWrite,

    /// <summary>A repeat could act twice: retried only when the request never reached the server.</summary>
    NotIdempotent,
}
