namespace DocExchange.Storage.Sqlite;

/// <summary>One schema step. Versions only grow; a shipped migration is never edited.</summary>
public sealed record SqliteMigration(int Version, string Name, string Sql);
