using System.Text.Json;
using DocExchange.Client;
using Microsoft.Data.Sqlite;

namespace DocExchange.Cli.Tests;

/// <summary>
/// Someone with write access to a live server's SQLite file changes the audit trail with plain SQL; <c>dx audit query</c>
/// and <c>dx audit verify --online</c> must tell the auditor, with a non-zero exit. Each test has its own server.
/// </summary>
public sealed class AuditTamperCommandTests : IAsyncLifetime, IDisposable
{
    private readonly LiveServer _server = new();
    private readonly TempDirectory _temp = new();
    private DxRunner _auditor = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _auditor = _server.Dx(_temp, "auditor.pfx");
        _key = _temp.File("audit-key.pem");
        var pinned = await _auditor.RunAsync("audit", "key", "-o", _key);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    private async Task<string> SendAsync(string number)
    {
        var sent = await _server.Client(_server.AgencyCertificate(LiveServer.G22)).SendAsync(new OutgoingDocumentBuilder()
            .Metadata(m => m.To(LiveServer.H41).Code(number, "VPCP-TTĐT").Subject($"Công văn số {number}").Type(1, "Công văn"))
            .MainDocument(SamplePdf.Create($"Cong van {number}"), $"congvan-{number}.pdf"));
        return sent.DocumentId;
    }

    /// <summary>Sends two documents and has the log signed over them (a passing online verification); returns their ids.</summary>
    private async Task<(string First, string Second)> TwoDocumentsInTheSignedLogAsync()
    {
        string first = await SendAsync("301");
        string second = await SendAsync("302");
        var clean = await _auditor.RunAsync("audit", "verify", "--online", "--key", _key, "--document", first);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        return (first, second);
    }

    private async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static JsonElement Check(JsonElement verdict, string name) =>
        verdict.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static JsonElement[] Failed(JsonElement verdict) =>
        verdict.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToArray();

    [Fact]
    public async Task A_document_index_moved_to_another_document_fails_the_query_of_that_document_and_the_online_verification_of_both()
    {
        var (first, second) = await TwoDocumentsInTheSignedLogAsync();
        long moved = await ScalarAsync<long>("SELECT sequence FROM audit_events WHERE document_id = $id AND action = 'document.sent'", ("$id", first));
        Assert.Equal(1, await ExecuteAsync("UPDATE audit_events SET document_id = $to WHERE sequence = $sequence", ("$to", second), ("$sequence", moved)));

        var query = await _auditor.RunAsync("audit", "query", "--document", second);
        var omitted = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key, "--document", first);
        var inflated = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key, "--document", second);

        Assert.True(query.ExitCode != 0, query.ToString());
        Assert.Contains("DATA_LOSS", query.Stderr, StringComparison.Ordinal);
        Assert.Contains($"event {moved}", query.Stderr, StringComparison.Ordinal);
        Assert.Contains("document_id", query.Stderr, StringComparison.Ordinal);

        Assert.True(omitted.ExitCode == 1, omitted.ToString());
        var complete = Check(omitted.Json(), "document.complete");
        Assert.False(complete.GetProperty("passed").GetBoolean(), complete.ToString());
        Assert.Contains($"omits event {moved}", complete.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The leaves themselves are intact: only the server's index lied.
        Assert.True(Check(omitted.Json(), "tree.root").GetProperty("passed").GetBoolean());

        Assert.True(inflated.ExitCode == 1, inflated.ToString());
        Assert.Contains(Failed(inflated.Json()), c => c.GetProperty("message").GetString()!.Contains($"event {moved}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flipped_byte_of_a_stored_event_fails_the_plain_online_verification_at_its_position()
    {
        var (first, _) = await TwoDocumentsInTheSignedLogAsync();
        long sequence = await ScalarAsync<long>("SELECT sequence FROM audit_events WHERE document_id = $id AND action = 'document.sent'", ("$id", first));
        byte[] leaf = await ScalarAsync<byte[]>("SELECT leaf FROM audit_events WHERE sequence = $sequence", ("$sequence", sequence));
        // One hex digit of the main part's SHA-256: the leaf stays a well-formed event, only its content changed.
        int digit = leaf.AsSpan().IndexOf("\"sha256\":\""u8) + "\"sha256\":\"".Length;
        leaf[digit] = leaf[digit] == (byte)'0' ? (byte)'1' : (byte)'0';
        Assert.Equal(1, await ExecuteAsync("UPDATE audit_events SET leaf = $leaf WHERE sequence = $sequence", ("$leaf", leaf), ("$sequence", sequence)));

        var text = await _auditor.RunAsync("audit", "verify", "--online", "--key", _key);
        var json = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key);

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("Verification FAILED", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Verified", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.True(json.Json().GetProperty("firstBadPosition").GetInt64() == sequence, json.ToString());
        Assert.False(Check(json.Json(), "leaves.inclusion").GetProperty("passed").GetBoolean());
        Assert.False(Check(json.Json(), "tree.root").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task A_stored_event_made_unreadable_fails_the_plain_online_verification_at_its_position_and_the_rest_is_still_checked()
    {
        var (first, _) = await TwoDocumentsInTheSignedLogAsync();
        long sequence = await ScalarAsync<long>("SELECT sequence FROM audit_events WHERE document_id = $id AND action = 'document.sent'", ("$id", first));
        byte[] leaf = await ScalarAsync<byte[]>("SELECT leaf FROM audit_events WHERE sequence = $sequence", ("$sequence", sequence));
        leaf[^1] = (byte)' '; // the closing brace
        Assert.Equal(1, await ExecuteAsync("UPDATE audit_events SET leaf = $leaf WHERE sequence = $sequence", ("$leaf", leaf), ("$sequence", sequence)));

        var result = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.Json().GetProperty("firstBadPosition").GetInt64() == sequence, result.ToString());
        var encoding = Check(result.Json(), "leaves.encoding");
        Assert.False(encoding.GetProperty("passed").GetBoolean());
        Assert.Contains($"Leaf {sequence}:", encoding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(Check(result.Json(), "leaves.count").GetProperty("passed").GetBoolean(), result.ToString());
        Assert.True(Check(result.Json(), "leaves.inclusion").GetProperty("passed").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task A_flipped_stored_leaf_hash_fails_the_plain_online_verification()
    {
        await TwoDocumentsInTheSignedLogAsync();
        // Leaf 0's hash is used only in the inclusion proofs of its neighbours, never to compute a signed root.
        byte[] hash = await ScalarAsync<byte[]>("SELECT hash FROM merkle_nodes WHERE level = 0 AND node_index = 0");
        hash[0] ^= 0x01;
        Assert.Equal(1, await ExecuteAsync("UPDATE merkle_nodes SET hash = $hash WHERE level = 0 AND node_index = 0", ("$hash", hash)));

        var result = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key);

        Assert.True(result.ExitCode == 1, result.ToString());
        var inclusion = Check(result.Json(), "leaves.inclusion");
        Assert.False(inclusion.GetProperty("passed").GetBoolean(), inclusion.ToString());
        Assert.Contains("Leaf 1 ", inclusion.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untouched_log_passes_the_online_verification_which_says_what_it_checked()
    {
        var (first, _) = await TwoDocumentsInTheSignedLogAsync();

        var result = await _auditor.RunAsync("--json", "audit", "verify", "--online", "--key", _key, "--document", first);

        Assert.True(result.ExitCode == 0, result.ToString());
        var verdict = result.Json();
        Assert.Contains("recomputed", Check(verdict, "tree.root").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("inclusion proofs", Check(verdict, "leaves.inclusion").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("every event of document", Check(verdict, "document.complete").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(verdict.TryGetProperty("notChecked", out var notChecked), verdict.ToString());
        Assert.NotEmpty(notChecked.EnumerateArray());
    }
}
