using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DocExchange.Protocol.Grpc.Server;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server; add services to the returned builder, then call MapGrpcServices.</summary>
    public static GrpcServerBuilder AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcCallDispatcher>();
        return new GrpcServerBuilder(services);
    }
}
