using DocExchange.Samples.AgencyDmsBridge;
using Microsoft.Extensions.Hosting;

// Ctrl+C or SIGTERM stops the host: each worker finishes or abandons its current step, nothing half-written stays visible.
using var host = BridgeHost.Create(args);
await host.RunAsync().ConfigureAwait(false);
