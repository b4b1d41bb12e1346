using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;

namespace DocExchange.Server.Identity;

/// <summary>
/// Why a caller must be refused whatever it calls (for example: its certificate was revoked after the TLS handshake).
/// Found while establishing the identity; the refusal itself, with its audit event, is the authorisation layer's.
/// </summary>
public sealed record CallRefusal(StatusCode StatusCode, string Message);

public static class ServerCallContextRefusalExtensions
{
    public static CallRefusal? CallerRefusal(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(CallRefusal), out var refusal) ? (CallRefusal)refusal : null;

    internal static void SetCallerRefusal(this ServerCallContext context, CallRefusal refusal) =>
        context.UserState[typeof(CallRefusal)] = refusal;
}
