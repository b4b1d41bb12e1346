namespace DocExchange.Core.Documents;

/// <summary>edXML Bussiness/BussinessDocType (QCVN 102:2016): 0 new, 1 recall, 2 update, 3 replace.</summary>
public enum BusinessDocType
{
    New = 0,
    Recall = 1,
    Update = 2,
    Replace = 3,
}
