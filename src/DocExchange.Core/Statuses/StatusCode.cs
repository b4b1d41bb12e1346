namespace DocExchange.Core.Statuses;

/// <summary>Processing statuses of the edXML status package; the numbers are edXML's (QCVN 102:2016; docs/STANDARDS.md).</summary>
public enum StatusCode
{
    /// <summary>01 đã đến: arrived; the acknowledgement of a delivery.</summary>
    Arrived = 1,
    /// <summary>02 từ chối tiếp nhận: rejected; a reason is mandatory.</summary>
    Rejected = 2,
    /// <summary>03 đã tiếp nhận: accepted and registered.</summary>
    Accepted = 3,
    /// <summary>04 phân công: assigned for handling.</summary>
    Assigned = 4,
    /// <summary>05 đang xử lý: being processed.</summary>
    Processing = 5,
    /// <summary>06 hoàn thành: done.</summary>
    Done = 6,
    /// <summary>13 lấy lại: the sender asks to take the document back.</summary>
    RecallRequested = 13,
    /// <summary>15 đồng ý: the recipient agrees to a recall.</summary>
    Agreed = 15,
    /// <summary>16 từ chối: the recipient refuses a recall.</summary>
    Refused = 16,
}
