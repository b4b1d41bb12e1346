using DocExchange.Client;
using DocExchange.Samples.AgencyDmsBridge.EdXml;
using DocExchange.Samples.AgencyDmsBridge.Inbox;
using DocExchange.Samples.AgencyDmsBridge.Outbox;
using DocExchange.Samples.AgencyDmsBridge.Statuses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DocExchange.Samples.AgencyDmsBridge;

/// <summary>
/// Builds the bridge: configuration, console logging, the DocExchange client (registered with AddDocExchangeClient)
/// and the workers of its mode: the outbox (native), or the document and status outboxes (edXML); in both, the inbox
/// subscription and the status watch.
/// </summary>
public static class BridgeHost
{
    public static IHost Create(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The default builder reads appsettings.json and every environment variable: BRIDGE__OutboxFolder is Bridge:OutboxFolder.
        var options = Bind(builder.Configuration, requireAgency: true);

        builder.Services.AddSingleton(options);
        builder.Services.AddDocExchangeClient(client => Configure(client, options));
        if (options.Mode == BridgeMode.EdXml)
        {
            AddEdXmlFolders(builder.Services, options);
        }
        else
        {
            AddNativeFolders(builder.Services, options);
        }

        builder.Services.AddHostedService<InboxWorker>();
        builder.Services.AddHostedService<StatusWatchWorker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder.Build();
    }

    private static void AddNativeFolders(IServiceCollection services, BridgeOptions options)
    {
        services.AddSingleton(new BridgeFolders(options));
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<IReceivedDocumentStore, InboxWriter>();
        services.AddSingleton<ISentStatusStore, StatusJournal>();
        services.AddHostedService<OutboxWorker>();
    }

    private static void AddEdXmlFolders(IServiceCollection services, BridgeOptions options)
    {
        services.AddSingleton(new EdXmlFolders(options));
        services.AddSingleton<EdXmlOutboxSender>();
        services.AddSingleton<StatusOutboxSender>();
        services.AddSingleton<IReceivedDocumentStore, EdXmlInboxWriter>();
        services.AddSingleton<ISentStatusStore, EdXmlStatusWriter>();
        services.AddHostedService<EdXmlOutboxWorker>();
        services.AddHostedService<StatusOutboxWorker>();
    }

    /// <summary>The settings from appsettings.json, BRIDGE__… environment variables and <paramref name="args"/>, checked.</summary>
    public static BridgeOptions ReadOptions(string[] args, bool requireAgency)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        return Bind(configuration, requireAgency);
    }

    private static BridgeOptions Bind(IConfiguration configuration, bool requireAgency)
    {
        var options = configuration.GetSection(BridgeOptions.Section).Get<BridgeOptions>() ?? new BridgeOptions();
        Validate(options, requireAgency);
        return options;
    }

    private static void Validate(BridgeOptions options, bool requireAgency)
    {
        if (requireAgency && string.IsNullOrWhiteSpace(options.AgencyCode))
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions),
                ["Bridge:AgencyCode is missing: set the agency this bridge acts for, e.g. BRIDGE__AgencyCode=000.00.00.G22."]);
        }

        if (options.Address is null)
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions),
                ["Bridge:Address is missing: set the server's address, e.g. BRIDGE__Address=https://127.0.0.1:5443."]);
        }

        if (!Enum.IsDefined(options.Mode))
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions), ["Bridge:Mode must be Native or EdXml."]);
        }

        if (options.Mode == BridgeMode.EdXml && string.IsNullOrWhiteSpace(options.EdXmlFolder))
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions),
                ["Bridge:EdXmlFolder is empty: set the folder of the edXML packages, e.g. BRIDGE__EdXmlFolder=bridge-G22/edxml."]);
        }

        if (options.ScanInterval <= TimeSpan.Zero)
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions), ["Bridge:ScanInterval must be positive."]);
        }
    }

    /// <summary>The client options the settings describe.</summary>
    public static DocExchangeClientOptions ClientOptions(BridgeOptions options)
    {
        var client = new DocExchangeClientOptions();
        Configure(client, options);
        return client;
    }

    private static void Configure(DocExchangeClientOptions client, BridgeOptions options)
    {
        client.Address = options.Address;
        client.ClientCertificatePath = NullIfEmpty(options.CertificatePath);
        client.ClientCertificatePassword = NullIfEmpty(options.CertificatePassword);
        client.TrustedRootsPath = NullIfEmpty(options.TrustedRootsPath);
        client.DevelopmentCaller = NullIfEmpty(options.DevelopmentCaller);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
