using DocExchange.Server.Hosting;

try
{
    await using var server = await DocExchangeServer.StartAsync(args);
    await server.WaitForShutdownAsync();
    return 0;
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync($"docexchange: cannot start: {e.Message}");
    return 1;
}
