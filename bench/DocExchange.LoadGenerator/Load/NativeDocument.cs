using Grpc.Core;

namespace DocExchange.LoadGenerator.Load;

/// <summary>A signed PDF sent with Exchange.Send over the raw transport, the header built per send.</summary>
internal sealed class NativeDocument(byte[] pdf, IReadOnlyList<(string Code, CallInvoker Client)> senders) : ILoadDocument
{
    public const string FormatName = "native";

    public string Format => FormatName;

    public long DocumentBytes => pdf.Length;

    public long? WireBytes => null;

    public Task SendAsync(int sender, string recipient, string codeNumber, CancellationToken ct) =>
        ExchangeCalls.SendAsync(senders[sender].Client, ExchangeCalls.Header(recipient, codeNumber, pdf.Length), pdf, ct);
}
