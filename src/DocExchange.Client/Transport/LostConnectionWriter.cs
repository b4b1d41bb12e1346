using System.Net.Http;
using Grpc.Core;

namespace DocExchange.Client.Transport;

/// <summary>
/// A request stream whose writes report a dropped connection as UNAVAILABLE: Grpc.Net.Client lets the socket's
/// <see cref="IOException"/> (or an <see cref="HttpRequestException"/>) escape from a write, where the callers expect
/// an <see cref="RpcException"/> and then read the call's status.
/// </summary>
internal sealed class LostConnectionWriter<T>(IClientStreamWriter<T> inner) : IClientStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message) => Guard(inner.WriteAsync(message));

    public Task WriteAsync(T message, CancellationToken cancellationToken) => Guard(inner.WriteAsync(message, cancellationToken));

    public Task CompleteAsync() => Guard(inner.CompleteAsync());

    private static async Task Guard(Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the connection was lost ({e.Message})", e));
        }
    }
}
