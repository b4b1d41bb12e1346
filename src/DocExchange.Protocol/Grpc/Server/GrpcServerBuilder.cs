using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Services;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Registers services and interceptors of the gRPC server.</summary>
public sealed class GrpcServerBuilder
{
    internal GrpcServerBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    public GrpcServerBuilder Configure(Action<GrpcServerOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a service, created once by DI; it is also resolvable as <typeparamref name="TService"/>.</summary>
    public GrpcServerBuilder AddService<TService>()
        where TService : class, IGrpcService
    {
        Services.AddSingleton<TService>();
        Services.AddSingleton<IGrpcService>(sp => sp.GetRequiredService<TService>());
        return this;
    }

    public GrpcServerBuilder AddService<TService>(TService instance)
        where TService : class, IGrpcService
    {
        ArgumentNullException.ThrowIfNull(instance);
        Services.AddSingleton(instance);
        Services.AddSingleton<IGrpcService>(instance);
        return this;
    }

    /// <summary>Adds an interceptor; interceptors run in the order they are added.</summary>
    public GrpcServerBuilder AddInterceptor<TInterceptor>()
        where TInterceptor : class, IGrpcServerInterceptor
    {
        Services.AddSingleton<IGrpcServerInterceptor, TInterceptor>();
        return this;
    }

    public GrpcServerBuilder AddInterceptor(IGrpcServerInterceptor instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Services.AddSingleton(instance);
        return this;
    }

    /// <summary>Adds grpc.health.v1.Health; set statuses through the <see cref="HealthService"/> singleton.</summary>
    public GrpcServerBuilder AddHealthService() => AddService<HealthService>();

    /// <summary>Adds server reflection (v1 and v1alpha) describing <paramref name="files"/> (default: every proto of the project).</summary>
    public GrpcServerBuilder AddReflectionService(IEnumerable<FileDescriptor>? files = null) =>
        AddService(new ReflectionService(files ?? ProtocolDescriptors.All));
}
