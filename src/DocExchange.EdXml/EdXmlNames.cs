namespace DocExchange.EdXml;

/// <summary>Namespaces and element names of edXML (QCVN 102:2016); see docs/EDXML.md for the whole table.</summary>
public static class EdXmlNames
{
    /// <summary>The namespace of QCVN 102:2016 packages.</summary>
    public const string Namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    /// <summary>The namespace of the older eDoc envelope (<c>EdXMLEnvelope</c>).</summary>
    public const string LegacyNamespace = "http://www.go.vn/eDoc";

    public const string Prefix = "edXML";

    public const string Root = "edXML";
    public const string Envelope = "edXMLEnvelope";
    public const string LegacyEnvelope = "EdXMLEnvelope";
    public const string Header = "edXMLHeader";
    public const string Body = "edXMLBody";
    public const string Manifest = "edXMLManifest";
    public const string AttachmentEncoded = "AttachmentEncoded";

    /// <summary>The Id attributes the envelope signature references (XML-DSig same-document references).</summary>
    public const string HeaderId = "edXMLHeader";
    public const string BodyId = "edXMLBody";
    public const string IdAttribute = "Id";

    public const string CidPrefix = "cid:";

    /// <summary>edXML dates (PromulgationDate, DueDate): <c>yyyy/MM/dd</c>.</summary>
    public const string DateFormat = "yyyy/MM/dd";
}
