using DocExchange.Client;
using Grpc.Core;

namespace DocExchange.Samples.AgencyDmsBridge;

/// <summary>
/// <c>register CODE NAME [--Bridge:…=…]</c>: registers an agency, calling as the operator whose certificate the
/// configuration names (e.g. --Bridge:CertificatePath=certs-sample/operator.pfx). An agency already registered is fine.
/// </summary>
public static class RegisterAgencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[0].StartsWith("--", StringComparison.Ordinal) || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("usage: AgencyDmsBridge register CODE NAME --Bridge:CertificatePath=OPERATOR.pfx [--Bridge:…=…]").ConfigureAwait(false);
            return 2;
        }

        var options = BridgeHost.ReadOptions(args[2..], requireAgency: false);
        await using var client = new DocExchangeClient(BridgeHost.ClientOptions(options));
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var agency = await client.RegisterAgencyAsync(args[0], args[1], cancellationToken: cancel.Token).ConfigureAwait(false);
            Console.WriteLine($"Registered {agency.Code} ({agency.Name}).");
            return 0;
        }
        catch (DocExchangeException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            Console.WriteLine($"{args[0]} is already registered.");
            return 0;
        }
        catch (DocExchangeException e)
        {
            await Console.Error.WriteLineAsync($"Could not register {args[0]} ({e.StatusCode}): {e.Detail}").ConfigureAwait(false);
            return 1;
        }
    }
}
