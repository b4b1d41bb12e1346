using System.CommandLine.Parsing;
using DocExchange.Core.Statuses;
using ProtoStatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Cli.Validation;

/// <summary>
/// The edXML status codes a recipient posts (QCVN 102:2016 status package; the state machine is
/// DocExchange.Core's StatusTransitions). A code that is not one of them is a usage error that lists them.
/// </summary>
public static class StatusCodes
{
    private static readonly StatusCode[] PostedByRecipients =
        [StatusCode.Arrived, StatusCode.Rejected, StatusCode.Accepted, StatusCode.Assigned, StatusCode.Processing, StatusCode.Done, StatusCode.Agreed, StatusCode.Refused];

    public static string Help =>
        string.Join(", ", PostedByRecipients.Select(c => c.Describe())) + "; 02 needs --description giving the reason";

    /// <summary>For Argument.CustomParser: "01".."06", "15", "16" (or without the leading zero).</summary>
    public static ProtoStatusCode Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        if (text.Length is 1 or 2 && text.All(char.IsAsciiDigit) && int.TryParse(text, out int number))
        {
            var code = (StatusCode)number;
            if (code == StatusCode.RecallRequested)
            {
                result.AddError("status 13 (recall requested) is the sender's: ask for a recall with 'dx recall DOCID --reason …'.");
                return ProtoStatusCode.Unspecified;
            }
            if (PostedByRecipients.Contains(code))
            {
                return (ProtoStatusCode)number;
            }
        }
        result.AddError($"status code '{text}' is not an edXML status a recipient posts: use {Help}.");
        return ProtoStatusCode.Unspecified;
    }
}
