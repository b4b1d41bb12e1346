using DocExchange.Core.Statuses;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.Mapping;

internal static class StatusMapping
{
    public static Proto.StatusReport ToProto(this StatusRecord status) => new()
    {
        DocumentId = status.DocumentId.ToString(),
        From = new Proto.Organization { OrganId = status.Reporter.Value },
        StatusCode = (Proto.ProcessingStatusCode)(int)status.Code,
        Description = status.Description,
        Timestamp = status.Timestamp.ToProto(),
        StaffInfo = status.Staff.ToProto(),
        Recipient = status.Recipient.Value,
        Sequence = status.Sequence,
    };

    public static Proto.StaffInfo ToProto(this StaffInfo staff) => new()
    {
        Department = staff.Department,
        Staff = staff.Staff,
        Mobile = staff.Mobile,
        Email = staff.Email,
    };

    public static StaffInfo? ToDomain(this Proto.StaffInfo? staff) =>
        staff is null ? null : new StaffInfo(staff.Department, staff.Staff, staff.Mobile, staff.Email);

    /// <summary>The edXML code a client posted; UNSPECIFIED or an unknown number is refused by the caller.</summary>
    public static StatusCode? ToDomain(this Proto.ProcessingStatusCode code) =>
        Enum.IsDefined((StatusCode)(int)code) ? (StatusCode)(int)code : null;
}
