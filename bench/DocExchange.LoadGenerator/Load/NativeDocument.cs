using Grpc.Core;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// Signed PDFs sent with Exchange.Send over the raw transport, the header built per send: every send carries a PDF of
/// its own (<see cref="DistinctSignedPdfs"/>), written into its sender's buffer before the send is timed.
/// </summary>
internal sealed class NativeDocument(DistinctSignedPdfs pdfs, IReadOnlyList<(string Code, CallInvoker Client)> senders) : ILoadDocument
{
    public const string FormatName = "native";

    // One buffer per sender, reused: a send has finished with it by the time its sender prepares the next.
    private readonly byte[]?[] _next = new byte[]?[senders.Count];

    public string Format => FormatName;

    public long DocumentBytes => pdfs.Length;

    public long? WireBytes => null;

    public async Task PrepareAsync(int sender, string recipient, CancellationToken ct)
    {
        var buffer = _next[sender] ??= new byte[pdfs.Length];
        await pdfs.WriteNextAsync(buffer, ct);
    }

    public Task SendAsync(int sender, string recipient, string codeNumber, CancellationToken ct) =>
        ExchangeCalls.SendAsync(senders[sender].Client, ExchangeCalls.Header(recipient, codeNumber, pdfs.Length),
            _next[sender] ?? throw new InvalidOperationException("prepare the sender's document before sending it"), ct);
}
