namespace DocExchange.Client.Tests.Infrastructure;

/// <summary>A test with its own real server (the sample agencies registered) and a temporary folder.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    internal LoopbackServer Server { get; private set; } = null!;

    internal TempDirectory Temp { get; } = new();

    /// <summary>A guard so that a broken test fails instead of hanging.</summary>
    protected CancellationToken Timeout => _timeout.Token;

    /// <summary>Further server settings of the test class (none by default).</summary>
    private protected virtual string[] ServerArguments => [];

    public async Task InitializeAsync() => Server = await LoopbackServer.StartAsync(ServerArguments);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Temp.Dispose();
        _timeout.Dispose();
    }

    /// <summary>A document from G22 to H41 with the given number, the main PDF from bytes.</summary>
    internal static OutgoingDocumentBuilder Document(string number, byte[]? pdf = null) =>
        new OutgoingDocumentBuilder()
            .Metadata(m => m
                .To(LoopbackServer.H41)
                .Code(number, "VPCP-TTĐT")
                .Subject($"Công văn số {number} về việc triển khai trục liên thông")
                .Type(1, "Công văn"))
            .MainDocument(pdf ?? TestContent.Pdf($"Cong van {number}"), $"congvan-{number}.pdf");
}
