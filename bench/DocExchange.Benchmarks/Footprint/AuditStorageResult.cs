namespace DocExchange.Benchmarks.Footprint;

/// <summary>
/// What appending <see cref="Events"/> audit events (integrated into the Merkle log, one checkpoint signed) added to an
/// engine's storage: <see cref="Bytes"/> in all, so <see cref="BytesPerEvent"/>; <see cref="Measure"/> says what was
/// counted. <see cref="Error"/> is set instead when the engine could not be measured (e.g. PostgreSQL not installed).
/// </summary>
internal sealed record AuditStorageResult(string Engine, long Events, long Bytes, double? BytesPerEvent, string Measure, string? Error)
{
    public static AuditStorageResult Failed(string engine, string measure, string error) => new(engine, 0, 0, null, measure, error);
}
