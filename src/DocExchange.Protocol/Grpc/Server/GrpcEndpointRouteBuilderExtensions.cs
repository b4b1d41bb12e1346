using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Protocol.Grpc.Server;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps POST /{package.Service}/{Method} for every bound method (each endpoint carries its
    /// <see cref="IGrpcMethod"/> as metadata), and answers any other two-segment POST with UNIMPLEMENTED.
    /// Binds the services now, so a missing handler (see <see cref="GrpcServerOptions.RequiredServiceFiles"/>)
    /// fails start-up.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var dispatcher = endpoints.ServiceProvider.GetService<GrpcCallDispatcher>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before MapGrpcServices().");

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var binding in dispatcher.Bindings)
        {
            builders.Add(endpoints
                .MapPost(binding.Method.FullName, (RequestDelegate)(httpContext => dispatcher.DispatchAsync(httpContext, binding)))
                .WithDisplayName("gRPC " + binding.Method.FullName)
                .WithMetadata(binding.Method));
        }

        builders.Add(endpoints
            .MapPost("/{service}/{method}", (RequestDelegate)dispatcher.DispatchUnimplementedAsync)
            .WithDisplayName("gRPC unimplemented")
            .WithOrder(int.MaxValue));
        return new CompositeConventionBuilder(builders);
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
