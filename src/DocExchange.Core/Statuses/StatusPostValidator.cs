using DocExchange.Core.Documents;
using DocExchange.Core.Errors;

namespace DocExchange.Core.Statuses;

/// <summary>Checks a status's fields before the state machine sees it.</summary>
public static class StatusPostValidator
{
    public static void ValidateFields(StatusCode code, string? description, StaffInfo? staff, string? messageId, ExchangeOptions options)
    {
        if (!StatusCodeText.IsDefined(code))
            throw ExchangeException.InvalidArgument(
                $"status code {(int)code} is unknown: expected one of 01, 02, 03, 04, 05, 06, 13, 15, 16");
        if (code == StatusCode.Rejected && string.IsNullOrWhiteSpace(description))
            throw ExchangeException.InvalidArgument("status 02 (rejected) requires a reason in the description");
        FieldRules.Length(description, "status description", options.MaxStatusDescriptionLength);
        if (messageId is not null) FieldRules.Length(messageId, "message id", options.MaxMessageIdLength);
        if (staff is not null)
        {
            FieldRules.Length(staff.Department, "staff department", options.MaxStaffFieldLength);
            FieldRules.Length(staff.Staff, "staff name", options.MaxStaffFieldLength);
            FieldRules.Length(staff.Mobile, "staff mobile", options.MaxStaffFieldLength);
            FieldRules.Length(staff.Email, "staff email", options.MaxStaffFieldLength);
        }
    }
}
