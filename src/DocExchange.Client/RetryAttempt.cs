using Grpc.Core;

namespace DocExchange.Client;

/// <summary>A retry or stream reconnection about to happen, as reported to <see cref="DocExchangeRetryOptions.OnRetry"/>.</summary>
/// <param name="Operation">The call, e.g. "Send" or "SubscribeInbox".</param>
/// <param name="Attempt">The attempt that just failed: 1 for the first.</param>
/// <param name="StatusCode">Why it failed.</param>
/// <param name="Message">The failure's message.</param>
/// <param name="Delay">The wait before the next attempt.</param>
public sealed record RetryAttempt(string Operation, int Attempt, StatusCode StatusCode, string Message, TimeSpan Delay);
