using System.Diagnostics.Metrics;
using DocExchange.Audit.Trail;
using DocExchange.Protocol.V1;
using DocExchange.Storage.Relational;

namespace DocExchange.Server.Telemetry;

/// <summary>
/// The exchange's own instruments on the <see cref="ExchangeTelemetry.Name"/> meter; every name, unit and meaning is
/// listed in docs/OPERATIONS.md. Recording costs one counter add, and only where a document is sent, refused,
/// acknowledged or validated; the gauges are read when an exporter collects.
/// </summary>
public sealed class ExchangeMetrics
{
    public const string RefusalReasonTag = "docexchange.refusal.reason";
    public const string RpcServiceTag = "rpc.service";
    public const string RpcMethodTag = "rpc.method";
    public const string ValidationOutcomeTag = "docexchange.validation.outcome";
    public const string ValidationPolicyTag = "docexchange.validation.policy";
    public const string ValidationPurposeTag = "docexchange.validation.purpose";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _callsRefused;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _validations;

    public ExchangeMetrics(IMeterFactory meters, AuditLog audit, StoreActivity storage, Services.SendAdmission admission, Services.SpoolMemory spoolMemory, FolderUsage spool, FolderUsage blobs)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ExchangeTelemetry.Name);
        _sent = meter.CreateCounter<long>("docexchange.documents.sent", "{document}",
            "Documents accepted by Exchange.Send (a repeat answered as a duplicate is not counted again).");
        _refused = meter.CreateCounter<long>("docexchange.documents.refused", "{document}",
            "Sends refused, by reason (the gRPC status in snake case, or signature_policy).");
        _callsRefused = meter.CreateCounter<long>("docexchange.calls.refused", "{call}",
            "Calls refused before their handler ran (authentication, authorisation, rate and concurrency limits), by reason and method.");
        _delivered = meter.CreateCounter<long>("docexchange.documents.delivered", "{delivery}",
            "Deliveries acknowledged by their recipient with status 01 (arrived).");
        _validations = meter.CreateCounter<long>("docexchange.signatures.validations", "{validation}",
            "PDF signature validations (at the door of Send and by Signing.Verify), by outcome and policy result.");
        meter.CreateObservableGauge("docexchange.audit.tree_size", () => audit.Integrator.LastKnownTreeSize, "{event}",
            "Events in the audit trail's Merkle tree, as last integrated by this instance.");
        meter.CreateObservableCounter("docexchange.storage.statements", () => storage.Statements, "{statement}",
            "SQL statements the exchange store has run (the audit log's integration not included).");
        meter.CreateObservableCounter("docexchange.storage.round_trips", () => storage.RoundTrips, "{round_trip}",
            "Round trips to the database those statements took (a batch sent at once is one).");
        meter.CreateObservableCounter("docexchange.storage.transactions", () => storage.Transactions, "{transaction}",
            "Read and write transactions the exchange store has run.");
        meter.CreateObservableGauge("docexchange.sends.in_progress", () => admission.InProgress, "{send}",
            "Sends being validated and stored (at most DocExchange:Abuse:MaxConcurrentSends, when it is set).");
        meter.CreateObservableGauge("docexchange.sends.waiting", () => admission.Waiting, "{send}",
            "Sends whose upload has arrived, waiting for a turn to be validated and stored (only with DocExchange:Abuse:MaxConcurrentSends set).");
        meter.CreateObservableGauge("docexchange.spool.memory", () => spoolMemory.InUseBytes, "By",
            "Bytes of memory held by uploads spooled in memory now (at most DocExchange:Storage:SpoolMemoryBytes).");
        meter.CreateObservableGauge("docexchange.spool.size", spool.Bytes, "By",
            "Bytes in this instance's spool folder (uploads being received, PDFs being signed or verified).");
        meter.CreateObservableGauge("docexchange.blobs.size", blobs.Bytes, "By",
            "Bytes in the content blob folder (shared by the instances on PostgreSQL).");
    }

    public void DocumentSent() => _sent.Add(1);

    public void DocumentRefused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>(RefusalReasonTag, reason));

    /// <param name="method">The call's method, <c>/package.Service/Method</c>.</param>
    /// <param name="reason">The status in snake case (<see cref="RefusalReasons"/>).</param>
    public void CallRefused(string method, string reason)
    {
        var slash = method.LastIndexOf('/');
        _callsRefused.Add(1,
            new KeyValuePair<string, object?>(RefusalReasonTag, reason),
            new KeyValuePair<string, object?>(RpcServiceTag, method[1..Math.Max(slash, 1)]),
            new KeyValuePair<string, object?>(RpcMethodTag, method[(slash + 1)..]));
    }

    public void DeliveryAcknowledged() => _delivered.Add(1);

    /// <param name="purpose"><c>send</c> or <c>verify</c>.</param>
    public void Validated(ValidationReport report, string purpose) =>
        _validations.Add(1,
            new KeyValuePair<string, object?>(ValidationOutcomeTag, Outcome(report)),
            new KeyValuePair<string, object?>(ValidationPolicyTag, report.Policy is null ? "off" : report.Policy.Satisfied ? "satisfied" : "not_satisfied"),
            new KeyValuePair<string, object?>(ValidationPurposeTag, purpose));

    /// <summary>The worst indication among the signatures: a document passes only when every signature does.</summary>
    private static string Outcome(ValidationReport report)
    {
        if (report.Signatures.Count == 0)
        {
            return "unsigned";
        }

        if (report.Signatures.Any(s => s.Indication == Indication.TotalFailed))
        {
            return "total_failed";
        }

        return report.Signatures.All(s => s.Indication == Indication.TotalPassed) ? "total_passed" : "indeterminate";
    }
}
