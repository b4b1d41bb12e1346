namespace DocExchange.LoadGenerator.Load;

/// <summary>What a load phase sends: signed PDFs in a wire format.</summary>
internal interface ILoadDocument
{
    /// <summary><see cref="NativeDocument.FormatName"/> or <see cref="EdXmlPackages.FormatName"/>.</summary>
    string Format { get; }

    /// <summary>The signed PDF's size: what the phase's throughput counts.</summary>
    long DocumentBytes { get; }

    /// <summary>What goes over the wire per document: the PDF, or the whole package (envelope and base64); null when it is the PDF.</summary>
    long? WireBytes { get; }

    /// <summary>Makes sender number <paramref name="sender"/>'s next document to <paramref name="recipient"/> ready; not part of the send's timing.</summary>
    Task PrepareAsync(int sender, string recipient, CancellationToken ct);

    /// <summary>Sends the document as sender number <paramref name="sender"/> to <paramref name="recipient"/>, under a code number of <see cref="LoadRunner.CodeNumberLength"/> characters.</summary>
    Task SendAsync(int sender, string recipient, string codeNumber, CancellationToken ct);
}
