using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>A statement and its named parameters (null values are sent as SQL NULL).</summary>
internal readonly record struct PostgresStatement(string Sql, params (string Name, object? Value)[] Parameters)
{
    public void AddParametersTo(NpgsqlParameterCollection collection)
    {
        foreach (var (name, value) in Parameters)
        {
            collection.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
    }
}
