using DocExchange.EdXml.Signatures;

namespace DocExchange.EdXml.Model;

/// <summary>
/// A package read from edXML: a document (<see cref="Header"/>) or a status (<see cref="Status"/>), its manifest,
/// its attachments decoded into temporary files, and the result of its envelope signature. Disposing deletes the files.
/// </summary>
public sealed class EdXmlPackage : IAsyncDisposable
{
    private readonly string _folder;

    internal EdXmlPackage(
        EdXmlFormat format,
        EdXmlMessageHeader? header,
        EdXmlStatus? status,
        IReadOnlyList<EdXmlReceivedAttachment> attachments,
        EdXmlSignatureResult signature,
        string folder)
    {
        Format = format;
        Header = header;
        Status = status;
        Attachments = attachments;
        Signature = signature;
        _folder = folder;
    }

    public EdXmlFormat Format { get; }

    /// <summary>The document's header; null for a status package.</summary>
    public EdXmlMessageHeader? Header { get; }

    /// <summary>The status; null for a document package.</summary>
    public EdXmlStatus? Status { get; }

    /// <summary>The attachments in manifest order.</summary>
    public IReadOnlyList<EdXmlReceivedAttachment> Attachments { get; }

    public EdXmlSignatureResult Signature { get; }

    public IReadOnlyList<EdXmlReference> Manifest => Attachments.Select(a => a.Reference).ToList();

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>An attachment decoded to a temporary file (deleted with its package).</summary>
public sealed record EdXmlReceivedAttachment(EdXmlReference Reference, string FilePath, long Length)
{
    public Stream OpenRead() => new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
}

public enum EdXmlFormat
{
    /// <summary><c>edXML</c> in http://www.mic.gov.vn/TBT/QCVN_102_2016.</summary>
    Qcvn102,

    /// <summary>The older <c>EdXMLEnvelope</c> in http://www.go.vn/eDoc.</summary>
    LegacyEdoc,
}
