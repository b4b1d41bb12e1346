using Grpc.Core;

namespace DocExchange.Testing.Calls;

/// <summary>
/// Shorter forms of <see cref="CallInvoker"/>'s calls for tests that drive RPCs directly (no host argument, the request
/// where one expects it, default options), and <c>UnaryAsync</c> that awaits the response.
/// </summary>
public static class CallInvokerExtensions
{
    public static AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        invoker.AsyncUnaryCall(method, null, options, request);

    public static async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class
    {
        using var call = invoker.AsyncUnaryCall(method, null, options, request);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public static AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        invoker.AsyncClientStreamingCall(method, null, options);

    public static AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        invoker.AsyncServerStreamingCall(method, null, options, request);

    public static AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        invoker.AsyncDuplexStreamingCall(method, null, options);
}
