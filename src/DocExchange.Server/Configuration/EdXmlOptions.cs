namespace DocExchange.Server.Configuration;

/// <summary>
/// The edXML dialect the server reads and writes (<c>DocExchange:EdXml</c>): the forms QCVN 102:2016 leaves
/// unconfirmed are chosen here, not guessed (docs/EDXML.md).
/// </summary>
public sealed class EdXmlOptions
{
    /// <summary>Whether every attachment is zipped before base64, in the packages read and written.</summary>
    public bool AttachmentsZipped { get; set; }

    /// <summary>The business block's spelling: QCVN 102:2016 samples write <c>Bussiness</c>.</summary>
    public string BusinessSpelling { get; set; } = "Bussiness";

    /// <summary>Whether the older http://www.go.vn/eDoc envelope is read when it maps without loss.</summary>
    public bool AcceptLegacyEnvelope { get; set; } = true;
}
