using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Export;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Documents;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>
/// A real database of one engine (SQLite in a temporary directory, or a PostgreSQL database on the test cluster) and a
/// blob folder, with the exchange and its audit trail over them sharing the engine's notifier; plain SQL for the
/// tamper tests. Deleted afterwards.
/// </summary>
public sealed class AuditHarness : IAsyncDisposable
{
    public static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    public static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    public static readonly AgencyCode Tax = AgencyCode.Parse("000.00.18.G12");
    public static readonly AgencyCode NgheAn = AgencyCode.Parse("000.00.00.H41");

    /// <summary>An operator's certificate thumbprint, as the server would pass it.</summary>
    public static readonly Sha256Digest OperatorCertificate = Sha256Digest.FromBytes(SHA256.HashData("operator certificate"u8));

    private readonly AuditOptions _options;

    private AuditHarness(string directory, AuditDatabase database, ECDsa key, AuditOptions options)
    {
        Directory = directory;
        Database = database;
        Key = key;
        _options = options;
    }

    public string Directory { get; }

    public AuditDatabase Database { get; }

    public ECDsa Key { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));

    public AuditStorage Storage { get; private set; } = null!;

    public IChangeNotifier Notifier => Storage.Notifier;

    public ExchangeService Service { get; private set; } = null!;

    public AuditLog Audit { get; private set; } = null!;

    public static async Task<AuditHarness> CreateAsync(AuditEngine engine, AuditOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dx-audit-trail-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var harness = new AuditHarness(directory, await engine.CreateDatabaseAsync(directory), ECDsa.Create(ECCurve.NamedCurves.nistP256), options ?? new AuditOptions());
        await harness.OpenAsync();
        return harness;
    }

    /// <summary>Opens storage, exchange and audit log (which integrates what was committed before).</summary>
    public async Task OpenAsync()
    {
        Storage = await Database.OpenAsync();
        Service = Storage.CreateExchangeService(Clock);
        Audit = await Storage.OpenAuditLogAsync(Key, _options, Clock);
    }

    /// <summary>Closes everything, as a process exit would (the key is kept, as its file would be).</summary>
    public async Task CloseAsync()
    {
        Audit.Dispose();
        await Storage.DisposeAsync();
    }

    public async Task RegisterAsync(params AgencyCode[] agencies)
    {
        foreach (var agency in agencies)
        {
            await Service.RegisterAgencyAsync(new AgencyRegistration(agency.Value, "Cơ quan " + agency),
                ExchangeActor.ForRole(ExchangeActor.OperatorRole, OperatorCertificate), CancellationToken.None);
        }
    }

    public async Task<(SendResult Result, byte[] Main, byte[] Attachment)> SendAsync(
        string messageId, IReadOnlyList<AgencyCode> recipients, ExchangeActor? actor = null, byte[]? validationReport = null, string? validationOutcome = null)
    {
        var main = Content.Bytes(3000, messageId.Sum(c => c));
        var attachment = Content.Bytes(1500, messageId.Length);
        var document = new OutgoingDocument(Sender, messageId, recipients.Select(r => r.Value).ToList(), messageId, "VPCP-TTĐT", new DateOnly(2026, 11, 21),
            "Về việc triển khai", BusinessDocType.New, null, new byte[] { 1, 2, 3 },
            [
                new PartDeclaration("main", PartKind.Main, "main.pdf", "application/pdf", main.Length),
                new PartDeclaration("att-1", PartKind.Attachment, "att-1.pdf", "application/pdf", attachment.Length),
            ],
            validationReport is null ? null : new ReadOnlyMemory<byte>(validationReport), validationOutcome);
        var result = await Service.SendAsync(document, Content.Chunks([("main", main), ("att-1", attachment)]), actor, CancellationToken.None);
        return (result, main, attachment);
    }

    /// <summary>Four agencies registered and three documents sent: 7 events.</summary>
    public async Task PopulateAsync()
    {
        await RegisterAsync(Sender, Finance, Tax, NgheAn);
        await SendAsync("1", [Finance]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync("2", [Finance, Tax]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync("3", [NgheAn]);
    }

    /// <summary>Every row of the events table in sequence order, read with plain SQL.</summary>
    public async Task<List<(long Sequence, byte[] Leaf)>> ReadEventRowsAsync()
    {
        var rows = new List<(long, byte[])>();
        await using var connection = await Database.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, leaf FROM audit_events ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        return rows;
    }

    /// <summary>Runs plain SQL (one or more statements; parameters named @like_this).</summary>
    public async Task<int> ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Database.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Exports against <paramref name="checkpoint"/> (the latest when null) and verifies with the library's offline verifier.</summary>
    public async Task<AuditVerificationReport> ExportAndVerifyAsync(bool includeProofs, long? treeSize = null)
    {
        using var export = new MemoryStream();
        await Audit.Trail.ExportAsync(export, includeProofs, treeSize, CancellationToken.None);
        export.Position = 0;
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(Key.ExportSubjectPublicKeyInfo());
        return await new AuditExportVerifier(verifier).VerifyAsync(export, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await Database.DisposeAsync();
        Key.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
