namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>Shares one server among a test class's tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SampleServer? _server;

    internal SampleServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await SampleServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
