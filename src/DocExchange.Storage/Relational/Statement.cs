namespace DocExchange.Storage.Relational;

/// <summary>A statement and its named parameters (written @name in the SQL; null values are sent as SQL NULL).</summary>
internal readonly record struct Statement(string Sql, params (string Name, object? Value)[] Parameters);
