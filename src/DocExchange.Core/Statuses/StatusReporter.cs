namespace DocExchange.Core.Statuses;

/// <summary>Which side of a delivery posts a status.</summary>
public enum StatusReporter
{
    Sender,
    Recipient,
}
