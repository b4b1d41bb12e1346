namespace DocExchange.Storage.Tests;

/// <summary>The conformance suite on PostgreSQL, with LISTEN/NOTIFY as the notifier.</summary>
public sealed class PostgresExchangeConformanceTests : ExchangeConformanceTests
{
    protected override async Task<StorageUnderTest> CreateStorageAsync() => await PostgresStorageUnderTest.CreateAsync();
}
