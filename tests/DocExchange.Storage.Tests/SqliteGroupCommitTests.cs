using System.Globalization;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Tests;

/// <summary>
/// SQLite has one writer, so concurrent writes queue and the writer commits what has queued in one transaction. Each
/// caller must still be answered only once its own write is committed, a failing write must fail alone, and cursors
/// and audit sequences must stay in commit order.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private const int Writers = 48;
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    private static readonly AgencyCode Unregistered = AgencyCode.Parse("000.00.00.G99");

    private SqliteStorageUnderTest _storage = null!;

    private IExchangeStore Store => _storage.Store;

    private long Commits => _storage.Storage.Store.Database.Commits;

    public async Task InitializeAsync()
    {
        _storage = await SqliteStorageUnderTest.CreateAsync();
        foreach (var code in new[] { Sender, Finance })
        {
            Assert.True(await Store.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None));
        }
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private Task<SendCommitResult> SendAsync(AgencyCode sender, string messageId) =>
        Store.CommitSendAsync(Records.Document(sender, messageId, [Finance]), Records.Audit(sender.Value, "document.send", messageId), [], CancellationToken.None);

    /// <summary>Whether another connection, opened now, sees the document: that is, whether its send is committed.</summary>
    private Task<bool> CommittedAsync(string messageId) => VisibleAsync("SELECT COUNT(*) FROM documents WHERE message_id = @value", messageId);

    /// <summary>Whether another connection, opened now, counts one row for <paramref name="sql"/> with @value = <paramref name="value"/>.</summary>
    private async Task<bool> VisibleAsync(string sql, string value)
    {
        await using var connection = new SqliteConnection($"Data Source={_storage.Storage.Store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@value", value);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    [Fact]
    public async Task Concurrent_sends_share_commits_and_each_is_answered_only_once_committed()
    {
        var commitsBefore = Commits;

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            var messageId = $"send-{i}";
            var result = await SendAsync(Sender, messageId);
            // Checked as soon as this caller is answered, while others may still be queued or committing.
            return (result.Outcome, Visible: await CommittedAsync(messageId));
        }));

        Assert.All(answers, a => Assert.Equal(SendCommitOutcome.Committed, a.Outcome));
        Assert.All(answers, a => Assert.True(a.Visible, "a send was answered before its commit"));
        var commits = Commits - commitsBefore;
        Assert.True(commits <= Writers / 2, $"{Writers} concurrent sends took {commits} commits");
    }

    [Fact]
    public async Task Concurrent_acknowledgements_share_commits_and_each_is_answered_only_once_committed()
    {
        var documents = new List<StoredDocument>();
        for (var i = 0; i < Writers; i++) documents.Add((await SendAsync(Sender, $"ack-{i}")).Document!);
        var states = await Task.WhenAll(documents.Select(d => Store.FindDeliveryStateAsync(d.Id, Finance, CancellationToken.None)));
        var commitsBefore = Commits;

        var answers = await Task.WhenAll(documents.Zip(states, async (document, state) =>
        {
            var result = await Store.AppendStatusAsync(Records.Status(document, Finance, StatusCode.Arrived, state!.State, state.Version),
                Records.Audit(Finance.Value, "status.post"), CancellationToken.None);
            return (result.Outcome, Visible: await VisibleAsync("SELECT COUNT(*) FROM statuses WHERE document_id = @value", document.Id.ToString()));
        }));

        Assert.All(answers, a => Assert.Equal(StatusAppendOutcome.Appended, a.Outcome));
        Assert.All(answers, a => Assert.True(a.Visible, "an acknowledgement was answered before its commit"));
        var commits = Commits - commitsBefore;
        Assert.True(commits <= Writers / 2, $"{Writers} concurrent acknowledgements took {commits} commits");
        Assert.Empty(await Store.ReadPendingAsync(Finance, 0, long.MaxValue, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task A_send_that_breaks_a_constraint_fails_alone_and_the_sends_committed_with_it_are_kept_whole()
    {
        var commitsBefore = Commits;
        var eventsBefore = (await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count;

        // Every fourth send names an unregistered sender: its document row breaks the foreign key to agencies.
        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            var sender = i % 4 == 0 ? Unregistered : Sender;
            try
            {
                return (i, Committed: (await SendAsync(sender, $"mixed-{i}")).Outcome == SendCommitOutcome.Committed, Failure: (Exception?)null);
            }
            catch (SqliteException e)
            {
                return (i, Committed: false, Failure: (Exception?)e);
            }
        }));

        foreach (var (i, committed, failure) in answers)
        {
            if (i % 4 == 0) Assert.Equal(19 /* SQLITE_CONSTRAINT */, Assert.IsType<SqliteException>(failure).SqliteErrorCode);
            else Assert.True(committed, $"send {i} was not committed: {failure}");
        }
        var kept = answers.Where(a => a.Committed).Select(a => $"mixed-{a.i}").ToList();
        Assert.True(Commits - commitsBefore < kept.Count, "the failing sends were not committed among others, so this tests nothing");

        // The kept sends are whole: document, delivery, inbox entry and audit event, with gapless sequences.
        Assert.Equal(kept.Count, await _storage.CountRowsAsync("documents"));
        Assert.Equal(kept.Count, await _storage.CountRowsAsync("deliveries"));
        var inbox = await Store.ReadInboxAfterAsync(Finance, 0, 1000, CancellationToken.None);
        Assert.Equal(kept.Order(StringComparer.Ordinal), inbox.Select(d => d.Document.MessageId).Order(StringComparer.Ordinal));
        var events = await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, eventsBefore + kept.Count).Select(n => (long)n), events.Select(e => e.Sequence));
        Assert.Equal(kept.Order(StringComparer.Ordinal), events.Skip(eventsBefore).Select(e => e.DocumentId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_send_that_fails_after_writing_its_inline_content_leaves_none_and_the_sends_committed_with_it_keep_theirs()
    {
        var commitsBefore = Commits;
        var contents = Enumerable.Range(0, Writers).Select(i => Content.Bytes(20_000, seed: i)).ToArray();

        // Every fourth send names an unregistered recipient: its delivery row, inserted after its content, breaks the foreign key.
        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            var recipient = i % 4 == 0 ? Unregistered : Finance;
            var inline = new InlineContent(Sha256Digest.FromBytes(Content.Sha256(contents[i])), contents[i]);
            try
            {
                var result = await Store.CommitSendAsync(Records.Document(Sender, $"inline-{i}", [recipient]),
                    Records.Audit(Sender.Value, "document.send", $"inline-{i}"), [inline], CancellationToken.None);
                return (i, Committed: result.Outcome == SendCommitOutcome.Committed, Failure: (Exception?)null);
            }
            catch (SqliteException e)
            {
                return (i, Committed: false, Failure: (Exception?)e);
            }
        }));

        Assert.All(answers, a => Assert.Equal(a.i % 4 != 0, a.Committed));
        Assert.True(Commits - commitsBefore < answers.Count(a => a.Committed), "the failing sends were not committed among others, so this tests nothing");
        Assert.Equal(answers.Count(a => a.Committed), await _storage.CountRowsAsync("part_contents"));
        foreach (var (i, committed, _) in answers)
        {
            var sha256 = Sha256Digest.FromBytes(Content.Sha256(contents[i]));
            await using var stored = await _storage.Blobs.OpenReadAsync(sha256, CancellationToken.None);
            if (!committed)
            {
                Assert.Null(stored);
                continue;
            }
            using var copy = new MemoryStream();
            await stored!.CopyToAsync(copy);
            Assert.Equal(contents[i], copy.ToArray());
        }
    }

    [Fact]
    public async Task Writes_queued_behind_a_busy_writer_share_one_commit_and_one_given_up_while_waiting_is_not_committed()
    {
        var database = _storage.Storage.Store.Database;
        var writerBusy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = database.WriteAsync(async _ =>
        {
            writerBusy.SetResult();
            await release.Task;
            return (false, 0);
        }, CancellationToken.None);
        await writerBusy.Task;
        var commitsBefore = Commits;

        var kept = Enumerable.Range(0, 6).Select(i => SendAsync(Sender, $"queued-{i}")).ToList();
        using var giveUp = new CancellationTokenSource();
        var abandoned = Store.CommitSendAsync(Records.Document(Sender, "abandoned", [Finance]), Records.Audit(Sender.Value, "document.send"), [], giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        release.SetResult();
        await blocker;

        Assert.All(await Task.WhenAll(kept), r => Assert.Equal(SendCommitOutcome.Committed, r.Outcome));
        Assert.Equal(1, Commits - commitsBefore);
        Assert.False(await CommittedAsync("abandoned"));
        Assert.Equal(6, await _storage.CountRowsAsync("documents"));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_message_id_commit_once_and_the_others_get_the_first()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Store.CommitSendAsync(Records.Document(Sender, "same-message", [Finance], number: $"copy-{i}"),
                Records.Audit(Sender.Value, "document.send"), [], CancellationToken.None)));

        var committed = Assert.Single(answers, a => a.Outcome == SendCommitOutcome.Committed);
        Assert.All(answers.Where(a => a != committed), a =>
        {
            Assert.Equal(SendCommitOutcome.DuplicateMessage, a.Outcome);
            Assert.Equal(committed.Document!.Id, a.Document!.Id);
        });
        Assert.Equal(1, await _storage.CountRowsAsync("documents"));
    }

    [Fact]
    public async Task A_reader_resuming_after_the_last_cursor_and_sequence_misses_nothing_committed_concurrently()
    {
        var eventsBefore = (await Store.ReadAuditEventsAsync(0, 1000, CancellationToken.None)).Count;
        var writers = Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++) Assert.Equal(SendCommitOutcome.Committed, (await SendAsync(Sender, $"w{writer}-{i}")).Outcome);
        })));

        var cursor = 0L;
        var nextSequence = 0L;
        var delivered = new List<string>();
        var sequences = new List<long>();
        while (true)
        {
            var writersDone = writers.IsCompleted;
            var page = await Store.ReadInboxAfterAsync(Finance, cursor, 1000, CancellationToken.None);
            foreach (var delivery in page)
            {
                Assert.True(delivery.Cursor > cursor, $"cursor {delivery.Cursor} came after {cursor}");
                cursor = delivery.Cursor;
                delivered.Add(delivery.Document.MessageId);
            }
            var events = await Store.ReadAuditEventsAsync(nextSequence, 1000, CancellationToken.None);
            foreach (var e in events)
            {
                Assert.Equal(nextSequence, e.Sequence);
                nextSequence++;
                sequences.Add(e.Sequence);
            }
            if (writersDone && page.Count == 0 && events.Count == 0) break;
        }
        await writers;

        Assert.Equal(8 * 12, delivered.Distinct().Count());
        Assert.Equal(8 * 12, delivered.Count);
        Assert.Equal(eventsBefore + 8 * 12, sequences.Count);
        // Each writer's sends are delivered in the order it made them.
        for (var writer = 0; writer < 8; writer++)
        {
            var prefix = $"w{writer}-";
            Assert.Equal(Enumerable.Range(0, 12).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)),
                delivered.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task The_savepoint_journal_of_a_shared_commit_stays_in_memory()
    {
        // Each write in a shared commit runs behind a savepoint; with the default temp_store its sub-journal spills to a
        // temporary file, two write system calls per page the write changes.
        await using var connection = await _storage.Storage.Store.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store";
        const long Memory = 2;
        Assert.Equal(Memory, (long)(await command.ExecuteScalarAsync())!);
    }
}
