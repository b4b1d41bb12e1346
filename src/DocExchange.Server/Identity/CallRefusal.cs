using Grpc.Core;

namespace DocExchange.Server.Identity;

/// <summary>
/// Why a caller must be refused whatever it calls (for example: its certificate was revoked after the TLS handshake).
/// Found while establishing the identity; the refusal itself, with its audit event, is the authorisation layer's.
/// </summary>
/// <param name="Claimed">
/// When the client certificate itself was refused: the identity it claims, which it does not prove (anonymous when it
/// claims none). Null for a refusal of a proven identity.
/// </param>
public sealed record CallRefusal(StatusCode StatusCode, string Message, CallerIdentity? Claimed = null);

public static class ServerCallContextRefusalExtensions
{
    public static CallRefusal? CallerRefusal(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(CallRefusal), out var refusal) ? (CallRefusal)refusal : null;

    internal static void SetCallerRefusal(this ServerCallContext context, CallRefusal refusal) =>
        context.UserState[typeof(CallRefusal)] = refusal;
}
