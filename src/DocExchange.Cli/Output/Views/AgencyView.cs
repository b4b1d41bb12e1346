using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>A registered agency as the registry holds it.</summary>
public sealed record AgencyView(
    string Code,
    string Name,
    string? ParentCode,
    bool Active,
    ContactView? Contact,
    IReadOnlyList<TrustedCaView> TrustedCas,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static AgencyView From(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return new AgencyView(
            agency.Code,
            agency.Name,
            agency.ParentCode.Length == 0 ? null : agency.ParentCode,
            agency.Active,
            ContactView.From(agency.Contact),
            agency.TrustedCas.Select(ca => new TrustedCaView(ca.Subject, ProtoText.Hex(ca.Sha256), ProtoText.Time(ca.NotAfter))).ToList(),
            ProtoText.Time(agency.CreatedAt),
            ProtoText.Time(agency.UpdatedAt));
    }
}

/// <summary>A CA trusted to issue the agency's client certificates.</summary>
public sealed record TrustedCaView(string Subject, string? Sha256, DateTimeOffset? NotAfter);

/// <summary>The edXML contact fields of an agency.</summary>
public sealed record ContactView(string? InCharge, string? Address, string? Email, string? Phone, string? Fax, string? Website)
{
    public static ContactView? From(Organization? contact)
    {
        if (contact is null)
        {
            return null;
        }
        var view = new ContactView(
            Blank(contact.OrganizationInCharge), Blank(contact.OrganAdd), Blank(contact.Email),
            Blank(contact.Telephone), Blank(contact.Fax), Blank(contact.Website));
        return view == new ContactView(null, null, null, null, null, null) ? null : view;
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
