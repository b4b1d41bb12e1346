using DocExchange.Storage.Relational;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// A caller's write waiting for SQLite's one writer (see <see cref="SqliteDatabase"/>): its work, and the answer the
/// caller awaits, given once the write is durable or has failed.
/// </summary>
internal abstract class QueuedWrite(CancellationToken cancellationToken)
{
    private const int Waiting = 0, Taken = 1, GivenUp = 2;
    private int _state;

    /// <summary>The caller's token: it cancels the wait in the queue and the caller's own statements, never a commit.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Claims the write for running; false when its caller gave up while it waited.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    private protected bool TryGiveUp() => Interlocked.CompareExchange(ref _state, GivenUp, Waiting) == Waiting;

    /// <summary>Runs the caller's work in <paramref name="session"/>; true when its changes are to be kept.</summary>
    public abstract Task<bool> RunAsync(DbSession session);

    /// <summary>Answers the caller with what the last <see cref="RunAsync"/> returned: call only once that is durable.</summary>
    public abstract void Answer();

    /// <summary>Answers the caller with <paramref name="failure"/>; none of its changes was or will be committed.</summary>
    public abstract void Fail(Exception failure);
}

/// <inheritdoc />
internal sealed class QueuedWrite<T> : QueuedWrite
{
    private readonly Func<DbSession, Task<(bool Commit, T Result)>> _work;
    private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _whileWaiting;
    private T _result = default!;

    public QueuedWrite(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken) : base(cancellationToken)
    {
        _work = work;
        _whileWaiting = cancellationToken.Register(() =>
        {
            if (TryGiveUp()) _answer.TrySetCanceled(cancellationToken);
        });
    }

    public Task<T> Answered => _answer.Task;

    public override async Task<bool> RunAsync(DbSession session)
    {
        var (commit, result) = await _work(session).ConfigureAwait(false);
        _result = result;
        return commit;
    }

    public override void Answer()
    {
        _whileWaiting.Dispose();
        _answer.TrySetResult(_result);
    }

    public override void Fail(Exception failure)
    {
        _whileWaiting.Dispose();
        if (failure is OperationCanceledException && CancellationToken.IsCancellationRequested) _answer.TrySetCanceled(CancellationToken);
        else _answer.TrySetException(failure);
    }
}
