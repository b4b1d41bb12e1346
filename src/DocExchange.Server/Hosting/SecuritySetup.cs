using DocExchange.Server.Configuration;
using DocExchange.Server.Security;
using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Hosting;

/// <summary>Registers the per-call security services: client certificate authentication and revocation, the registry cache.</summary>
internal static class SecuritySetup
{
    public static IServiceCollection AddDocExchangeSecurity(this IServiceCollection services, DocExchangeOptions options, DeploymentClientCas deploymentCas)
    {
        if (!string.IsNullOrWhiteSpace(options.Tls.ClientCrlDirectory))
        {
            var directory = Path.GetFullPath(options.Tls.ClientCrlDirectory);
            if (!Directory.Exists(directory))
            {
                throw new StartupException($"{directory} does not exist: create it, or fix DocExchange:Tls:ClientCrlDirectory (DOCEXCHANGE__Tls__ClientCrlDirectory)");
            }

            if (!(options.Tls.ClientCrlReloadSeconds >= 0))
            {
                throw new StartupException($"DocExchange:Tls:ClientCrlReloadSeconds may not be negative (it is {options.Tls.ClientCrlReloadSeconds})");
            }

            var interval = TimeSpan.FromSeconds(options.Tls.ClientCrlReloadSeconds);
            services.AddSingleton<IRevocationSource>(provider => new DirectoryCrlSource(
                directory, interval, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DirectoryCrlSource>>()));
        }

        services.AddSingleton(deploymentCas);
        services.AddSingleton<ClientCertificateRevocation>();
        services.AddSingleton<RegistryTrustCache>();
        services.AddSingleton<ClientCertificateAuthenticator>();
        services.AddSingleton<StreamTrustGuard>();
        services.AddSingleton<Authorization.RefusalAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<Authorization.RefusalAudit>());
        return services;
    }
}
