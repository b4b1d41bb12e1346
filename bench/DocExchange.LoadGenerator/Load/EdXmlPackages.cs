using System.Text;
using DocExchange.Client;
using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// The signed PDF as edXML packages (QCVN 102:2016), sent with the client library's SendPackageAsync. One package per
/// sender and recipient is written by the library's edXML writer before the phase, with a placeholder code number that
/// each send overwrites in place (the only field that changes between sends; sender <c>i</c> is only used by the
/// phase's worker <c>i</c>, one send at a time), so the phase measures the exchange, not the writing, as the native
/// phase sends one prepared PDF. The envelopes are unsigned, as native sends carry no envelope.
/// </summary>
internal sealed class EdXmlPackages : ILoadDocument, IAsyncDisposable
{
    public const string FormatName = "edxml";

    // Base64 has no '_', so the placeholder can only be found where the code number was written.
    private static readonly string Placeholder = new('_', LoadRunner.CodeNumberLength);

    private readonly IReadOnlyList<DocExchangeClient> _clients;
    private readonly Dictionary<(int Sender, string Recipient), (byte[] Package, int NumberAt)> _packages;

    private EdXmlPackages(long documentBytes, IReadOnlyList<DocExchangeClient> clients, Dictionary<(int, string), (byte[], int)> packages)
    {
        DocumentBytes = documentBytes;
        _clients = clients;
        _packages = packages;
        WireBytes = packages.Values.First().Item1.Length;
    }

    public string Format => FormatName;

    public long DocumentBytes { get; }

    public long? WireBytes { get; }

    /// <param name="library">Opens the client library as an agency (its own connection).</param>
    public static async Task<EdXmlPackages> PrepareAsync(
        byte[] pdf, IReadOnlyList<string> senders, IReadOnlyList<string> recipients, Func<string, DocExchangeClient> library, CancellationToken ct)
    {
        var packages = new Dictionary<(int, string), (byte[], int)>();
        for (var i = 0; i < senders.Count; i++)
        {
            foreach (var recipient in recipients)
            {
                packages[(i, recipient)] = await WriteAsync(pdf, senders[i], recipient, ct);
            }
        }
        return new EdXmlPackages(pdf.Length, senders.Select(library).ToList(), packages);
    }

    public async Task SendAsync(int sender, string recipient, string codeNumber, CancellationToken ct)
    {
        if (codeNumber.Length != Placeholder.Length || !Ascii.IsValid(codeNumber))
        {
            throw new ArgumentException($"Code number '{codeNumber}' is not {Placeholder.Length} ASCII characters.", nameof(codeNumber));
        }
        var (package, numberAt) = _packages[(sender, recipient)];
        Encoding.ASCII.GetBytes(codeNumber, package.AsSpan(numberAt, Placeholder.Length));
        using var stream = new MemoryStream(package, writable: false);
        // A message id per send, as the native sends have (without one, the library hashes the package to derive it).
        await _clients[sender].SendPackageAsync(stream, Guid.NewGuid().ToString("N"), cancellationToken: ct);
    }

    private static async Task<(byte[] Package, int NumberAt)> WriteAsync(byte[] pdf, string sender, string recipient, CancellationToken ct)
    {
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse(sender)),
            [new EdXmlOrganization(AgencyCode.Parse(recipient))],
            Placeholder,
            ExchangeCalls.CodeNotation,
            ExchangeCalls.Subject,
            DocumentType: new EdXmlDocumentType(1, "Công văn"));
        var main = new EdXmlOutgoingAttachment(new EdXmlReference("main", "application/pdf", "congvan.pdf"),
            _ => ValueTask.FromResult<Stream>(new MemoryStream(pdf, writable: false)));
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, [main], new EdXmlWriterOptions(), signer: null, ct);
        var package = output.ToArray();
        var placeholder = Encoding.ASCII.GetBytes(Placeholder);
        var at = package.AsSpan().IndexOf(placeholder);
        if (at < 0 || package.AsSpan(at + 1).IndexOf(placeholder) >= 0)
        {
            throw new InvalidOperationException("The edXML package does not hold its code number placeholder exactly once.");
        }
        return (package, at);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
