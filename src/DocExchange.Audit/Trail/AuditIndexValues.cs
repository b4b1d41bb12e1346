using DocExchange.Audit.Events;

namespace DocExchange.Audit.Trail;

/// <summary>
/// The values a store indexes an event by (the columns of audit_events and the rows of audit_event_agencies). They are
/// copies of what the leaf says, not signed themselves: <see cref="Of"/> recomputes them from a leaf, and
/// <see cref="Differences"/> names every column whose stored value contradicts it.
/// </summary>
public sealed record AuditIndexValues(
    long OccurredAtTicks, string OrganId, string Role, string Action, string DocumentId, string Outcome, IReadOnlyList<string> Agencies)
{
    /// <summary>The index values of <paramref name="auditEvent"/>: its agencies are its actor's code and its recipients, distinct.</summary>
    public static AuditIndexValues Of(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new AuditIndexValues(
            auditEvent.Time.UtcTicks,
            auditEvent.Actor.OrganId,
            auditEvent.Actor.Role,
            auditEvent.Action,
            auditEvent.DocumentId,
            auditEvent.Outcome,
            AgenciesOf(auditEvent));
    }

    /// <summary>The agencies an event concerns (what the agency filter matches): its actor's code and its recipients, distinct, non-empty.</summary>
    public static IReadOnlyList<string> AgenciesOf(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.Recipients.Prepend(auditEvent.Actor.OrganId).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>"column: stored 'x', the leaf says 'y'" for every value that differs from <paramref name="fromLeaf"/>.</summary>
    public IReadOnlyList<string> Differences(AuditIndexValues fromLeaf)
    {
        ArgumentNullException.ThrowIfNull(fromLeaf);
        var differences = new List<string>();
        void Compare(string column, string stored, string expected)
        {
            if (!string.Equals(stored, expected, StringComparison.Ordinal))
            {
                differences.Add($"{column} is '{stored}' but the leaf says '{expected}'");
            }
        }
        if (OccurredAtTicks != fromLeaf.OccurredAtTicks)
        {
            differences.Add($"occurred_at is {OccurredAtTicks} ticks but the leaf says {fromLeaf.OccurredAtTicks} ({AuditTime.ToText(new DateTimeOffset(fromLeaf.OccurredAtTicks, TimeSpan.Zero))})");
        }
        Compare("actor_organ_id", OrganId, fromLeaf.OrganId);
        Compare("actor_role", Role, fromLeaf.Role);
        Compare("action", Action, fromLeaf.Action);
        Compare("document_id", DocumentId, fromLeaf.DocumentId);
        Compare("outcome", Outcome, fromLeaf.Outcome);
        var stored = Agencies.Order(StringComparer.Ordinal).ToArray();
        var expected = fromLeaf.Agencies.Order(StringComparer.Ordinal).ToArray();
        if (!stored.SequenceEqual(expected, StringComparer.Ordinal))
        {
            differences.Add($"audit_event_agencies lists [{string.Join(", ", stored)}] but the leaf concerns [{string.Join(", ", expected)}]");
        }
        return differences;
    }
}
