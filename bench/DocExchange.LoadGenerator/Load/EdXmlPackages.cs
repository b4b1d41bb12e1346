using System.Text;
using DocExchange.Client;
using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// The signed PDFs as edXML packages (QCVN 102:2016), sent with the client library's SendPackageAsync. Each send's
/// package is written by the library's edXML writer before the send is timed, around a PDF of its own
/// (<see cref="DistinctSignedPdfs"/>), with a placeholder code number that the send overwrites in place (sender
/// <c>i</c> is only used by the phase's worker <c>i</c>, one send at a time), so the phase measures the exchange, not
/// the writing. The envelopes are unsigned, as native sends carry no envelope.
/// </summary>
internal sealed class EdXmlPackages : ILoadDocument, IAsyncDisposable
{
    public const string FormatName = "edxml";

    // Base64 has no '_', so the placeholder can only be found where the code number was written.
    private static readonly string Placeholder = new('_', LoadRunner.CodeNumberLength);

    private readonly DistinctSignedPdfs _pdfs;
    private readonly IReadOnlyList<string> _senders;
    private readonly IReadOnlyList<DocExchangeClient> _clients;
    private readonly byte[]?[] _pdfBuffers;
    private readonly (byte[] Package, int NumberAt, string Recipient)?[] _next;

    private EdXmlPackages(DistinctSignedPdfs pdfs, IReadOnlyList<string> senders, IReadOnlyList<DocExchangeClient> clients, long wireBytes)
    {
        _pdfs = pdfs;
        _senders = senders;
        _clients = clients;
        _pdfBuffers = new byte[]?[senders.Count];
        _next = new (byte[], int, string)?[senders.Count];
        WireBytes = wireBytes;
    }

    public string Format => FormatName;

    public long DocumentBytes => _pdfs.Length;

    public long? WireBytes { get; }

    /// <param name="library">Opens the client library as an agency (its own connection).</param>
    public static async Task<EdXmlPackages> CreateAsync(
        DistinctSignedPdfs pdfs, IReadOnlyList<string> senders, IReadOnlyList<string> recipients, Func<string, DocExchangeClient> library, CancellationToken ct)
    {
        var (sample, _) = await WriteAsync(await pdfs.NextAsync(ct), senders[0], recipients[0], ct);
        return new EdXmlPackages(pdfs, senders, senders.Select(library).ToList(), sample.Length);
    }

    public async Task PrepareAsync(int sender, string recipient, CancellationToken ct)
    {
        var pdf = _pdfBuffers[sender] ??= new byte[_pdfs.Length];
        await _pdfs.WriteNextAsync(pdf, ct);
        var (package, numberAt) = await WriteAsync(pdf, _senders[sender], recipient, ct);
        _next[sender] = (package, numberAt, recipient);
    }

    public async Task SendAsync(int sender, string recipient, string codeNumber, CancellationToken ct)
    {
        if (codeNumber.Length != Placeholder.Length || !Ascii.IsValid(codeNumber))
        {
            throw new ArgumentException($"Code number '{codeNumber}' is not {Placeholder.Length} ASCII characters.", nameof(codeNumber));
        }
        if (_next[sender] is not { } next || next.Recipient != recipient)
        {
            throw new InvalidOperationException($"prepare sender {sender}'s package for {recipient} before sending it");
        }
        var (package, numberAt, _) = next;
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
