using System.Net;
using DocExchange.Client.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Client.Tests;

/// <summary>An ASP.NET Core host that registers the client with AddDocExchangeClient, resolves it and calls a live server.</summary>
public sealed class DependencyInjectionTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_host_resolves_the_client_from_dependency_injection_and_calls_the_server_through_its_interceptors()
    {
        var sample = _server.OptionsFor("agency-G22.pfx");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var counter = new CountingInterceptor();
        builder.Services.AddSingleton(counter);
        builder.Services
            .AddDocExchangeClient(o =>
            {
                o.Address = sample.Address;
                o.ClientCertificatePath = sample.ClientCertificatePath;
                o.ClientCertificatePassword = sample.ClientCertificatePassword;
                o.TrustedRootsPath = sample.TrustedRootsPath;
            })
            .AddInterceptor<CountingInterceptor>();
        await using var app = builder.Build();
        await app.StartAsync();

        var client = app.Services.GetRequiredService<DocExchangeClient>();
        var agency = await client.GetAgencyAsync(LoopbackServer.H41);
        var viaGenerated = await client.RegistryClient.GetAgencyAsync(new Protocol.V1.GetAgencyRequest { Code = LoopbackServer.G22 });

        Assert.Equal("UBND tỉnh Nghệ An", agency.Name);
        Assert.Equal("Văn phòng Chính phủ", viaGenerated.Name);
        Assert.Equal(2, counter.Calls);
        await app.StopAsync();
    }

    private sealed class CountingInterceptor : Interceptor
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            Interlocked.Increment(ref _calls);
            return continuation(request, context);
        }
    }
}
