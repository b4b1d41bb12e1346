namespace DocExchange.Samples.AgencyDmsBridge;

/// <summary>The bridge's settings: section "Bridge" of appsettings.json, overridden by BRIDGE__… environment variables.</summary>
public sealed class BridgeOptions
{
    public const string Section = "Bridge";

    /// <summary>The agency this bridge acts for, e.g. 000.00.00.G22 (its certificate must be bound to it).</summary>
    public string AgencyCode { get; set; } = string.Empty;

    /// <summary>The DocExchange server, e.g. https://127.0.0.1:5443.</summary>
    public Uri? Address { get; set; }

    /// <summary>The agency's client certificate (PKCS#12, with its key).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>The root CA that issued the server's certificate (PEM or DER); the system store when empty.</summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>Development only: call the plaintext loopback endpoint as this caller (e.g. agency:000.00.00.G22).</summary>
    public string? DevelopmentCaller { get; set; }

    /// <summary>
    /// <see cref="BridgeMode.Native"/>: PDFs with JSON sidecars in, a folder per received document out.
    /// <see cref="BridgeMode.EdXml"/>: edXML packages (QCVN 102:2016) both ways, in the folders under <see cref="EdXmlFolder"/>.
    /// </summary>
    public BridgeMode Mode { get; set; } = BridgeMode.Native;

    /// <summary>In edXML mode, the folder holding outbox/, status-outbox/, inbox/, statuses/, sent/ and failed/.</summary>
    public string EdXmlFolder { get; set; } = "edxml";

    /// <summary>Where the document-management system drops NAME.pdf + NAME.json to send.</summary>
    public string OutboxFolder { get; set; } = "outbox";

    /// <summary>Where received documents are written, one folder per document.</summary>
    public string InboxFolder { get; set; } = "inbox";

    /// <summary>Where sent documents go, with their document id and the statuses recipients report.</summary>
    public string SentFolder { get; set; } = "sent";

    /// <summary>Where refused documents go, with the reason in NAME.error.txt.</summary>
    public string ErrorFolder { get; set; } = "error";

    /// <summary>How often the outbox is scanned besides the file-system notifications (which can be lost).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a received document is stored and acknowledged (01), also report it accepted (03).</summary>
    public bool AcceptReceivedDocuments { get; set; } = true;

    /// <summary>How long to wait before subscribing again after the client gave up reconnecting.</summary>
    public TimeSpan ResubscribeDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The format the bridge exchanges files with the document-management system in.</summary>
public enum BridgeMode
{
    /// <summary>NAME.pdf + NAME.json in the outbox; each received document as a folder of its parts.</summary>
    Native,

    /// <summary>edXML packages (QCVN 102:2016) in and out: documents and statuses.</summary>
    EdXml,
}
