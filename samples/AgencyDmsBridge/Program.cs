using DocExchange.Samples.AgencyDmsBridge;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

try
{
    if (args is ["register", ..])
    {
        // One-shot set-up for trying the sample: register an agency, with an operator certificate.
        return await RegisterAgencyCommand.RunAsync(args[1..]).ConfigureAwait(false);
    }

    // Ctrl+C or SIGTERM stops the host: each worker finishes or abandons its current step, nothing half-written stays visible.
    using var host = BridgeHost.Create(args);
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}
