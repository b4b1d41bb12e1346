namespace DocExchange.Core.Statuses;

public static class StatusCodeText
{
    public static bool IsDefined(StatusCode code) => Enum.IsDefined(code);

    /// <summary>The two-digit edXML form, e.g. "03".</summary>
    public static string ToEdxml(this StatusCode code) => ((int)code).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>e.g. "03 (accepted)", for messages.</summary>
    public static string Describe(this StatusCode code) => code switch
    {
        StatusCode.Arrived => "01 (arrived)",
        StatusCode.Rejected => "02 (rejected)",
        StatusCode.Accepted => "03 (accepted)",
        StatusCode.Assigned => "04 (assigned)",
        StatusCode.Processing => "05 (processing)",
        StatusCode.Done => "06 (done)",
        StatusCode.RecallRequested => "13 (recall requested)",
        StatusCode.Agreed => "15 (recall agreed)",
        StatusCode.Refused => "16 (recall refused)",
        _ => $"{(int)code} (unknown)",
    };
}
