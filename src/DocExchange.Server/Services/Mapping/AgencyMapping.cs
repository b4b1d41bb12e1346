using DocExchange.Core.Agencies;
using Google.Protobuf;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.Mapping;

internal static class AgencyMapping
{
    public static Proto.Agency ToProto(this Agency agency)
    {
        var proto = agency.ToProtoWithoutTrust();
        proto.TrustedCas.AddRange(agency.TrustedCas.Select(ca => new Proto.TrustedCertificate
        {
            Der = ByteString.CopyFrom(ca.Der),
            Sha256 = ByteString.CopyFrom(ca.Sha256.ToByteArray()),
            Subject = ca.Subject,
            NotAfter = ca.NotAfter.ToProto(),
        }));
        proto.PinnedThumbprints.AddRange(agency.PinnedThumbprints.Select(pin => ByteString.CopyFrom(pin.ToByteArray())));
        return proto;
    }

    private static Proto.Agency ToProtoWithoutTrust(this Agency agency) => new()
    {
        Code = agency.Code.Value,
        Name = agency.Name,
        ParentCode = agency.ParentCode?.Value ?? string.Empty,
        Contact = new Proto.Organization
        {
            OrganId = agency.Code.Value,
            OrganizationInCharge = agency.ParentCode?.Value ?? string.Empty,
            OrganName = agency.Name,
            OrganAdd = agency.Contact.Address,
            Email = agency.Contact.Email,
            Telephone = agency.Contact.Telephone,
            Fax = agency.Contact.Fax,
            Website = agency.Contact.Website,
        },
        Active = agency.Active,
        CreatedAt = agency.CreatedAt.ToProto(),
        UpdatedAt = agency.UpdatedAt.ToProto(),
    };

    public static AgencyContact? ToDomainContact(this Proto.Organization? contact) => contact is null
        ? null
        : new AgencyContact(contact.OrganAdd, contact.Email, contact.Telephone, contact.Fax, contact.Website);
}
