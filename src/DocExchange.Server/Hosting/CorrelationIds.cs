using System.Security.Cryptography;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Fresh correlation ids: 32 hex digits like a GUID's, a random prefix drawn once per process followed by a counter, so
/// that ids are unique across calls, restarts and instances without drawing 16 random bytes on every call. A correlation
/// id ties log lines together; it is not a secret, and a client may choose its own.
/// </summary>
internal static class CorrelationIds
{
    private static readonly ulong Prefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private static long _counter;

    public static string Next()
    {
        var sequence = (ulong)Interlocked.Increment(ref _counter);
        return string.Create(32, (Prefix, sequence), static (text, ids) =>
        {
            ids.Prefix.TryFormat(text, out _, "x16");
            ids.sequence.TryFormat(text[16..], out _, "x16");
        });
    }
}
