using DocExchange.Protocol.V1;

namespace DocExchange.Samples.AgencyDmsBridge.Statuses;

/// <summary>
/// Where the statuses recipients report about this agency's sent documents are kept for the document-management
/// system: a JSON-lines journal (<see cref="StatusJournal"/>) or an edXML status package per status
/// (<see cref="EdXml.EdXmlStatusWriter"/>), with the sequence the watch resumes from.
/// </summary>
public interface ISentStatusStore
{
    /// <summary>The sequence of the last status recorded, 0 when none was.</summary>
    Task<long> ReadCursorAsync(CancellationToken cancellationToken);

    /// <summary>Records the status durably, then its sequence as the cursor.</summary>
    Task RecordAsync(StatusReport status, CancellationToken cancellationToken);
}
