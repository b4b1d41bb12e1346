using System.Data.Common;

namespace DocExchange.Storage.Relational;

/// <summary>
/// Statements run in order by <see cref="DbSession.RunAsync"/>: in one round trip where the provider batches, one
/// after the other otherwise. Every statement that returns rows (a SELECT, a RETURNING clause, a function called
/// for its effect) must be added with <see cref="Query{T}"/>, whose list is filled when the batch has run.
/// </summary>
internal sealed class StatementBatch
{
    private readonly List<(Statement Statement, Action<DbDataReader>? ReadRow)> _entries = [];

    public IReadOnlyList<(Statement Statement, Action<DbDataReader>? ReadRow)> Entries => _entries;

    public void Add(string sql, params (string Name, object? Value)[] parameters) => _entries.Add((new Statement(sql, parameters), null));

    public void AddRange(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements) _entries.Add((statement, null));
    }

    /// <summary>A statement that returns rows: they are mapped into the returned list when the batch runs.</summary>
    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        _entries.Add((new Statement(sql, parameters), r => rows.Add(map(r))));
        return rows;
    }

    /// <summary>A statement run for its effect that still returns rows (e.g. SELECT pg_advisory_xact_lock(…)).</summary>
    public void Discard(string sql, params (string Name, object? Value)[] parameters) => _entries.Add((new Statement(sql, parameters), _ => { }));
}
