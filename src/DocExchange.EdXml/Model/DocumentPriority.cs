namespace DocExchange.EdXml.Model;

/// <summary>edXML OtherInfo/Priority (QCVN 102:2016; docs/STANDARDS.md).</summary>
public enum DocumentPriority
{
    Normal = 0,
    Urgent = 1,
    VeryUrgent = 2,
    Express = 3,
    ExpressScheduled = 4,
}
