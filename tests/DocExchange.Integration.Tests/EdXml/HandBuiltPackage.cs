using System.Text;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// An edXML package written as text from a native header and parts, as another producer would write it, without our
/// writer or any XML library: the element names and order of QCVN 102:2016 (docs/EDXML.md), a prefix, indentation
/// base64 line length and content-id form chosen by the seed, and each empty optional element either left out or written empty.
/// </summary>
internal sealed class HandBuiltPackage
{
    private readonly StringBuilder _xml = new();
    private readonly Random _random;
    private readonly string _prefix;
    private readonly string _indent;
    private readonly int _base64Line;
    private int _depth;

    private HandBuiltPackage(int seed)
    {
        _random = new Random(seed);
        _prefix = new[] { "e", "edXML", "q102" }[_random.Next(3)];
        _indent = new[] { "", "  ", "\t" }[_random.Next(3)];
        _base64Line = new[] { 64, 76, int.MaxValue }[_random.Next(3)];
    }

    public static byte[] Write(int seed, DocumentHeader header, IReadOnlyList<GeneratedPart> parts)
    {
        var writer = new HandBuiltPackage(seed);
        writer.Document(header, parts);
        return new UTF8Encoding(false).GetBytes(writer._xml.ToString());
    }

    private void Document(DocumentHeader h, IReadOnlyList<GeneratedPart> parts)
    {
        _xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").Append(NewLine);
        _xml.Append($"<{_prefix}:edXML xmlns:{_prefix}=\"{HandWrittenPackage.Ns}\">");
        Open("edXMLEnvelope");
        Open("edXMLHeader");
        Open("MessageHeader");
        Organization("From", h.From ?? new Organization());
        foreach (var to in h.To) Organization("To", to);
        Optional("DocumentId", h.DocumentId);
        Open("Code");
        Leaf("CodeNumber", h.Code.CodeNumber);
        Leaf("CodeNotation", h.Code.CodeNotation);
        Close("Code");
        var promulgation = h.PromulgationInfo ?? new PromulgationInfo();
        var type = h.DocumentType ?? new DocumentType();
        var signer = h.SignerInfo ?? new SignerInfo();
        var other = h.OtherInfo ?? new OtherInfo();
        Block("PromulgationInfo", h.PromulgationInfo is null, () =>
        {
            Optional("Place", promulgation.Place);
            Optional("PromulgationDate", promulgation.PromulgationDate);
        });
        Block("DocumentType", h.DocumentType is null, () =>
        {
            Optional("Type", Integer(type.Type));
            Optional("TypeName", type.TypeName);
        });
        Leaf("Subject", h.Subject);
        Optional("Content", h.Content);
        Block("SignerInfo", h.SignerInfo is null, () =>
        {
            Optional("Competence", signer.Competence);
            Optional("Position", signer.Position);
            Optional("FullName", signer.FullName);
        });
        Optional("DueDate", h.DueDate);
        Block("ToPlaces", h.ToPlaces.Count == 0, () =>
        {
            foreach (var place in h.ToPlaces) Leaf("Place", place);
        });
        Block("OtherInfo", h.OtherInfo is null, () =>
        {
            Optional("Priority", Integer((int)other.Priority));
            Optional("SphereOfPromulgation", other.SphereOfPromulgation);
            Optional("TyperNotation", other.TyperNotation);
            Optional("PromulgationAmount", Integer(other.PromulgationAmount));
            Optional("PageAmount", Integer(other.PageAmount));
            Block("Appendixes", other.Appendixes.Count == 0, () =>
            {
                foreach (var appendix in other.Appendixes) Leaf("Appendix", appendix);
            });
        });
        Optional("SteeringType", Integer(h.SteeringType));
        foreach (var r in h.ResponseFor)
        {
            Open("ResponseFor");
            Leaf("OrganId", r.OrganId);
            Leaf("Code", r.Code);
            Optional("PromulgationDate", r.PromulgationDate);
            Leaf("DocumentId", r.DocumentId);
            Close("ResponseFor");
        }
        if (h.Business is { } b)
        {
            Open("Bussiness");
            Leaf("BussinessDocType", ((int)b.BusinessDocType).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Optional("BussinessDocReason", b.BusinessDocReason);
            Optional("DocumentId", b.DocumentId);
            Block("ReceiverList", b.ReceiverChanges.Count == 0, () =>
            {
                foreach (var change in b.ReceiverChanges)
                {
                    Open("Receiver");
                    Leaf("ReceiverType", ((int)change.ReceiverType).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Leaf("OrganId", change.OrganId);
                    Close("Receiver");
                }
            });
            Block("ReplacementInfoList", b.ReplacedDocumentIds.Count == 0, () =>
            {
                foreach (var id in b.ReplacedDocumentIds)
                {
                    Open("ReplacementInfo");
                    Leaf("DocumentId", id);
                    Close("ReplacementInfo");
                }
            });
            var staff = b.StaffInfo ?? new StaffInfo();
            Block("StaffInfo", b.StaffInfo is null, () =>
            {
                Optional("Department", staff.Department);
                Optional("Staff", staff.Staff);
                Optional("Email", staff.Email);
                Optional("Mobile", staff.Mobile);
            });
            Close("Bussiness");
        }
        Close("MessageHeader");
        Close("edXMLHeader");
        Open("edXMLBody");
        Open("edXMLManifest");
        foreach (var part in parts)
        {
            Open("Reference");
            Leaf("ContentId", Cid() + part.Info.PartId);
            Leaf("ContentType", part.Info.ContentType);
            Leaf("AttachmentName", part.Info.FileName);
            Close("Reference");
        }
        Close("edXMLManifest");
        Close("edXMLBody");
        Close("edXMLEnvelope");
        if (parts.Count > 0)
        {
            Open("AttachmentEncoded");
            foreach (var part in parts)
            {
                Open("Attachment");
                Leaf("ContentId", Cid() + part.Info.PartId);
                Line();
                _xml.Append($"<{_prefix}:ContentTransferEncoded>").Append(Base64Lines(part.Content)).Append($"</{_prefix}:ContentTransferEncoded>");
                Close("Attachment");
            }
            Close("AttachmentEncoded");
        }
        _xml.Append(NewLine).Append($"</{_prefix}:edXML>").Append(NewLine);
    }

    /// <summary>The cid: prefix of a content id, which producers write or leave out (docs/EDXML.md: read either way).</summary>
    private string Cid() => _random.Next(0, 3) == 0 ? string.Empty : "cid:";

    private string NewLine => _indent.Length == 0 ? string.Empty : "\n";

    private void Organization(string name, Organization o)
    {
        Open(name);
        Leaf("OrganId", o.OrganId);
        Optional("OrganizationInCharge", o.OrganizationInCharge);
        Optional("OrganName", o.OrganName);
        Optional("OrganAdd", o.OrganAdd);
        Optional("Email", o.Email);
        Optional("Telephone", o.Telephone);
        Optional("Fax", o.Fax);
        Optional("Website", o.Website);
        Close(name);
    }

    /// <summary>A group element: left out when it is empty and the seed says so, written (perhaps empty) otherwise.</summary>
    private void Block(string name, bool empty, Action content)
    {
        if (!empty)
        {
            Open(name);
            content();
            Close(name);
            return;
        }
        switch (_random.Next(0, 3))
        {
            case 0:
                return;
            case 1:
                Line();
                _xml.Append($"<{_prefix}:{name}/>");
                return;
            default:
                Leaf(name, string.Empty);
                return;
        }
    }

    /// <summary>An optional leaf: an empty value is left out, written as an empty element, or as a start and end tag.</summary>
    private void Optional(string name, string value)
    {
        if (value.Length > 0)
        {
            Leaf(name, value);
            return;
        }
        switch (_random.Next(0, 3))
        {
            case 0:
                return;
            case 1:
                Line();
                _xml.Append($"<{_prefix}:{name}/>");
                return;
            default:
                Leaf(name, value);
                return;
        }
    }

    private void Leaf(string name, string value)
    {
        Line();
        _xml.Append($"<{_prefix}:{name}>").Append(Escape(value)).Append($"</{_prefix}:{name}>");
    }

    private void Open(string name)
    {
        Line();
        _xml.Append($"<{_prefix}:{name}>");
        _depth++;
    }

    private void Close(string name)
    {
        _depth--;
        Line();
        _xml.Append($"</{_prefix}:{name}>");
    }

    private void Line()
    {
        if (_indent.Length == 0) return;
        _xml.Append('\n');
        for (var i = 0; i < _depth; i++) _xml.Append(_indent);
    }

    /// <summary>An optional integer field; 0 is the field's absence in the native header, so it is written as empty.</summary>
    private static string Integer(int value) => value == 0 ? string.Empty : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>XML text escaping (XML 1.0 §2.4); a carriage return as a character reference, or a parser turns it into a line feed (§2.11).</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\r", "&#xD;", StringComparison.Ordinal);

    private string Base64Lines(byte[] content)
    {
        var base64 = Convert.ToBase64String(content);
        if (_base64Line == int.MaxValue) return base64;
        var lines = new StringBuilder("\n");
        for (var i = 0; i < base64.Length; i += _base64Line)
        {
            lines.Append(base64, i, Math.Min(_base64Line, base64.Length - i)).Append('\n');
        }
        return lines.ToString();
    }
}
