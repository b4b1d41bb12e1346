using System.Globalization;
using System.Text;
using DocExchange.Audit;
using DocExchange.Audit.Trail;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The statement that answers an audit query, composed from the filters actually given (parameters only, never
/// values), so that the engine finds the events through the index of one filter and checks the others on what it
/// finds: a filter written "@x IS NULL OR column = @x" can drive no index, and the query then walked every event
/// from its first sequence. The driving filter, in order: the document (ix_audit_events_document), the agency
/// (audit_event_agencies' key), the actions (ix_audit_events_action, one ordered search per action merged in
/// sequence order), the time range (ix_audit_events_time, its events then sorted by sequence, unless the range holds
/// every event from @from on), else the sequence itself.
/// </summary>
internal static class AuditQuerySql
{
    /// <summary>Most distinct actions searched one by one and merged; beyond, the action index is searched for them all and the result sorted.</summary>
    public const int MaxMergedActions = 32;

    /// <summary>
    /// The sequence, spelled so that the primary key cannot serve it (in the order or in the @from bound): the engine
    /// then finds the rows through the filter's index and sorts them, instead of walking the key from @from and testing
    /// every event (which a planner assuming matches spread evenly prefers, and which costs the whole trail when they
    /// are all at its end, as recent times are).
    /// </summary>
    private const string FoundThenSorted = "e.sequence + 0";

    private const string Columns = "e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome";

    /// <summary>The times of the first event from @from and of the last event (nulls when there is none): two key searches.</summary>
    public const string SelectTimeBounds = """
        SELECT (SELECT occurred_at FROM audit_events WHERE sequence >= @from ORDER BY sequence LIMIT 1),
            (SELECT occurred_at FROM audit_events WHERE sequence = (SELECT MAX(sequence) FROM audit_events))
        """;

    /// <summary>Whether the time range drives the search (no document, agency or action given); then see <see cref="TimeRangeCovers"/>.</summary>
    public static bool DrivenByTime(AuditEventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return string.IsNullOrEmpty(query.DocumentId) && string.IsNullOrEmpty(query.Agency) && query.Actions is not { Count: > 0 }
            && (query.Since is not null || query.Until is not null);
    }

    /// <summary>
    /// Whether the time range holds the events from @from to the last (their times as <see cref="SelectTimeBounds"/>
    /// reads them), as when an auditor pages through recent events: then nearly every event walked in sequence order
    /// from @from matches, and walking finds the page at once, where the time index would find and sort every event of
    /// the range each time.
    /// </summary>
    public static bool TimeRangeCovers(AuditEventQuery query, long? firstTicks, long? lastTicks)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (firstTicks is not { } first || lastTicks is not { } last) return true; // no event from @from: nothing to find
        return (query.Since is not { } since || StoredRows.Ticks(AuditTime.Normalize(since)) <= first)
            && (query.Until is not { } until || StoredRows.Ticks(AuditTime.Normalize(until)) > last);
    }

    /// <summary>
    /// The statement for <paramref name="query"/>; it returns <see cref="Columns"/> in sequence order. With
    /// <paramref name="timeRangeCoversTheRest"/> (see <see cref="TimeRangeCovers"/>) a search driven by the time range
    /// walks the events in sequence order from @from instead.
    /// </summary>
    public static Statement For(AuditEventQuery query, SqlDialect dialect, bool timeRangeCoversTheRest = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        var parameters = new List<(string Name, object? Value)> { ("from", Math.Max(query.FromSequence, 0)), ("limit", query.EffectiveLimit) };
        var actions = query.Actions?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
        var time = new List<string>();
        if (query.Since is { } since)
        {
            time.Add("e.occurred_at >= @since");
            parameters.Add(("since", StoredRows.Ticks(AuditTime.Normalize(since))));
        }
        if (query.Until is { } until)
        {
            time.Add("e.occurred_at < @until");
            parameters.Add(("until", StoredRows.Ticks(AuditTime.Normalize(until))));
        }

        string sql;
        if (!string.IsNullOrEmpty(query.DocumentId))
        {
            parameters.Add(("documentId", query.DocumentId));
            // The index holds only events about a document (document_id <> ''): the condition says the query is one of those.
            List<string> where = ["e.document_id = @documentId", "e.document_id <> ''", "e.sequence >= @from", .. time];
            if (!string.IsNullOrEmpty(query.Agency))
            {
                parameters.Add(("agency", query.Agency));
                where.Add("EXISTS (SELECT 1 FROM audit_event_agencies a WHERE a.agency_code = @agency AND a.sequence = e.sequence)");
            }
            AddActionList(where, actions, parameters, dialect);
            sql = Select("audit_events e", where, "e.sequence");
        }
        else if (!string.IsNullOrEmpty(query.Agency))
        {
            parameters.Add(("agency", query.Agency));
            List<string> where = ["f.agency_code = @agency", "f.sequence >= @from", .. time];
            AddActionList(where, actions, parameters, dialect);
            sql = Select("audit_event_agencies f JOIN audit_events e ON e.sequence = f.sequence", where, "f.sequence");
        }
        else if (actions.Length is > 0 and <= MaxMergedActions)
        {
            // One search of (action, sequence) per action, each already in sequence order: the engine merges them and
            // stops at the limit (an IN list would collect every match of every action, then sort).
            var arms = new List<string>(actions.Length);
            for (var i = 0; i < actions.Length; i++)
            {
                var name = "action" + i.ToString(CultureInfo.InvariantCulture);
                parameters.Add((name, actions[i]));
                arms.Add(Where($"SELECT {Columns} FROM audit_events e", [$"e.action = @{name}", "e.sequence >= @from", .. time]));
            }
            sql = $"{string.Join("\nUNION ALL\n", arms)}\nORDER BY 1 LIMIT @limit";
        }
        else if (actions.Length > 0)
        {
            List<string> where = [$"{FoundThenSorted} >= @from", .. time];
            AddActionList(where, actions, parameters, dialect);
            sql = Select("audit_events e", where, FoundThenSorted);
        }
        else if (time.Count > 0 && !timeRangeCoversTheRest)
        {
            sql = Select("audit_events e", [$"{FoundThenSorted} >= @from", .. time], FoundThenSorted);
        }
        else if (time.Count > 0)
        {
            sql = Select("audit_events e", ["e.sequence >= @from", .. time], "e.sequence");
        }
        else
        {
            sql = Select("audit_events e", ["e.sequence >= @from"], "e.sequence");
        }
        return new Statement(sql, [.. parameters]);
    }

    private static void AddActionList(List<string> where, string[] actions, List<(string Name, object? Value)> parameters, SqlDialect dialect)
    {
        if (actions.Length == 0) return;
        where.Add(dialect.InList("e.action", "actions"));
        parameters.Add(("actions", dialect.ListValue(actions)));
    }

    private static string Select(string from, IEnumerable<string> where, string orderBy) =>
        $"{Where($"SELECT {Columns} FROM {from}", where)}\nORDER BY {orderBy} LIMIT @limit";

    private static string Where(string select, IEnumerable<string> conditions) =>
        new StringBuilder(select).Append("\nWHERE ").AppendJoin(" AND ", conditions).ToString();
}
