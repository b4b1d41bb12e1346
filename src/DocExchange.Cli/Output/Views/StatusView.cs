using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>One edXML status of a document at one recipient.</summary>
public sealed record StatusView(
    string DocumentId,
    string Recipient,
    string Code,
    string Status,
    string? Description,
    string? ReportedBy,
    DateTimeOffset? Timestamp,
    long Sequence,
    StaffView? Staff)
{
    public static StatusView From(StatusReport status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new StatusView(
            status.DocumentId,
            status.Recipient,
            ProtoText.StatusCode(status.StatusCode),
            ProtoText.StatusName(status.StatusCode),
            status.Description.Length == 0 ? null : status.Description,
            status.From?.OrganId is { Length: > 0 } from ? from : null,
            ProtoText.Time(status.Timestamp),
            status.Sequence,
            StaffView.From(status.StaffInfo));
    }
}

/// <summary>Who handles the document at the recipient.</summary>
public sealed record StaffView(string? Department, string? Staff, string? Mobile, string? Email)
{
    public static StaffView? From(StaffInfo? staff) =>
        staff is null || (staff.Department.Length + staff.Staff.Length + staff.Mobile.Length + staff.Email.Length) == 0
            ? null
            : new StaffView(Blank(staff.Department), Blank(staff.Staff), Blank(staff.Mobile), Blank(staff.Email));

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
