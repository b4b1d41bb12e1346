using DocExchange.Client.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DocExchange.Client;

/// <summary>Registers <see cref="DocExchangeClient"/> in an ASP.NET Core (or any Microsoft.Extensions.DependencyInjection) host.</summary>
public static class DocExchangeClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DocExchangeClient"/> as a Grpc.Net.ClientFactory client: resolve it where needed (it is
    /// transient and cheap; the factory pools the HTTP/2 connections). <paramref name="configure"/> sets the same options
    /// as for <c>new DocExchangeClient(options)</c>: address, client certificate, trusted roots, timeouts, retries. Calls
    /// log through the host's <see cref="ILoggerFactory"/>. The returned builder takes the factory's usual additions,
    /// e.g. <c>.AddInterceptor&lt;T&gt;()</c>, <c>.AddHttpMessageHandler&lt;T&gt;()</c> or
    /// <c>.ConfigurePrimaryHttpMessageHandler(...)</c> (which replaces the TLS set-up made from the options).
    /// </summary>
    public static IHttpClientBuilder AddDocExchangeClient(this IServiceCollection services, Action<DocExchangeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DocExchangeClientOptions>().Configure(configure);
        return services
            .AddGrpcClient<DocExchangeClient>((provider, factory) =>
            {
                var options = provider.GetRequiredService<IOptions<DocExchangeClientOptions>>().Value;
                options.Validate();
                options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
                factory.Address = options.Address;
                factory.Creator = invoker => new DocExchangeClient(invoker, options);
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<DocExchangeClientOptions>>().Value;
                // The certificates loaded here live as long as the handler, which the factory disposes when it retires it.
                return ChannelFactory.CreateHandler(options, []);
            });
    }
}
