namespace DocExchange.Storage.Postgres;

/// <summary>One schema step. Versions only grow; a shipped migration is never edited.</summary>
public sealed record PostgresMigration(int Version, string Name, string Sql);
