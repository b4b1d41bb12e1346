using DocExchange.Server.Hosting;

await using var server = await DocExchangeServer.StartAsync(args);
await server.WaitForShutdownAsync();
